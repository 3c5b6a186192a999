echo {a,b}
[[ a = a ]]
echo "status $?"
source /dev/null
echo "status $?"
