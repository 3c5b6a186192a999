sh -c 'if true; then'
echo "status $?"
