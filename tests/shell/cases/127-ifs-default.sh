x='  a   b  '
set -- $x
echo "$#:$1:$2"
