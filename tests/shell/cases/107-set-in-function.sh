f() { set -- x y; echo "in $#"; }
set -- a
f
echo "out $# $1"
