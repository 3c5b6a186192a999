x='a b'
y=$x
echo "$y"
set -- $y
echo $#
