set -- outer1 outer2
f() { echo "in: $# $1 $0"; }
f inner
echo "out: $# $1 $0"
