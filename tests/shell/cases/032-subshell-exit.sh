(exit 3; echo no)
echo "status $?"
(echo a; exit 0; echo b)
echo "status $?"
