sh nofile
echo "status $?"
