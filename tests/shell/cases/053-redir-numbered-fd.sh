echo hi 3> f >&3
cat f
ls nosuch 2> err
echo "status $?"
wc -l < err
