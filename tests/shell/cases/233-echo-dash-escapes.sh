echo 'a\tb'
echo 'line1\nline2'
echo -e x
echo -n 'no nl'
echo
