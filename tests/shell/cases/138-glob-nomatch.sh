echo *.nothing
echo "status $?"
set -- nope*
echo "$# $1"
