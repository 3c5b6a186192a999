set -- a b c d
shift
echo "$@"
shift 2
echo "$# $1"
shift 0
echo "$# $1"
