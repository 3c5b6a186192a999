kill -0 $$
echo "status $?"
