x=-5
echo $((x < 0)) $((x * -1)) $((-x))
[ $x -lt 0 ] && echo negative
