x=5
echo $((x*2)) $(($x+1)) $((nope+1))
y=3
echo $((x*y))
