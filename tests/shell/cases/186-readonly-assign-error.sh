readonly r=1
echo $r
r=2
echo no
