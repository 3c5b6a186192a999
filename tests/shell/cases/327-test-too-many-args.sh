[ a b c ]
echo "status $?"
