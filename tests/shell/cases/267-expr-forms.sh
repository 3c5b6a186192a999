expr 1 + 2
expr 7 / 2
expr 2 \* 3
expr 5 \> 3
expr abc : 'a\(.\)'
expr 1 = 2
echo "status $?"
