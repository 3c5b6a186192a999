./nope; echo "status $?"
