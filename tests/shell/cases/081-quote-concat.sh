echo 'a'"b"c\ d
x=1
echo "$x"'$x'$x
