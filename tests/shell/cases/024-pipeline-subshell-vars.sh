x=1
echo 2 | read x
echo "x=$x"
echo hi | { read y; echo "in: $y"; }
echo "out: ${y-unset}"
