sh -n -c 'if'
echo "status $?"
