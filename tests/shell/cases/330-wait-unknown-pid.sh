wait 99999
echo "status $?"
