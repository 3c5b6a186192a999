echo data > f
exec 3< f
read x <&3
echo "read: $x"
exec 3<&-
cat 0<f
