set -- -x -e
echo "$1 $2"
set --
echo $#
set -- "a b"
echo "$#: $1"
