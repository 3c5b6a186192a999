printf 'last' | { read x; echo "status $? x=$x"; }
read y < /dev/null
echo "status $?"
