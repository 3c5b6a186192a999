echo start
nosuchcmd arg
echo "status $?"
