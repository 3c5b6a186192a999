. ./nofile
echo after
