mkdir d
mkdir d
echo "status $?"
