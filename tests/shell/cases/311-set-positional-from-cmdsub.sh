set -- $(echo one two three)
echo "$# $2"
shift
echo "$*"
