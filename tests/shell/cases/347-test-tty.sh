test -t 0
echo "status $?"
[ -t 5 ]
echo "status $?"
