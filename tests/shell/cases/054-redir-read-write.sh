echo hello > f
exec 3<> f
read x <&3
echo "got $x"
echo appended >&3
exec 3>&-
cat f
