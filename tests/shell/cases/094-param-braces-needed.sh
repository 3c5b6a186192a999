x=a
echo $xb ${x}b
echo "$x-$x_" "${x}_"
