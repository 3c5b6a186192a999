cat nofile
echo "status $?"
