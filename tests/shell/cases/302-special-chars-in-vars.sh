x='a*b?c'
touch azzbxc
echo $x
echo "$x"
