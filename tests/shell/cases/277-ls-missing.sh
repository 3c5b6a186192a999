ls nosuch
echo "status $?"
