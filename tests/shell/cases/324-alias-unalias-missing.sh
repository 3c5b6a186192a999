alias nosuch
echo "alias $?"
unalias nosuch
echo "unalias $?"
