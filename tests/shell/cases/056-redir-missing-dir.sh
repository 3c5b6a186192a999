echo x > /nope/x
echo "status $?"
