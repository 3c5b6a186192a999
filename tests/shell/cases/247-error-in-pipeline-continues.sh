nosuchcmd | echo ok
echo "status $?"
