y=1
z=$(y=2; echo $y)
echo $y $z
