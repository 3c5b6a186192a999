sleep 0
echo "status $?"
