[ 1 -eq x ]
echo "status $?"
[ 1 -eq 1
echo "status $?"
