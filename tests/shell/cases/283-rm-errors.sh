mkdir d
rm d
echo "status $?"
rm nofile
echo "status $?"
rm -f nofile
echo "status $?"
