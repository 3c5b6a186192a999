echo before
exec nosuch
echo after
