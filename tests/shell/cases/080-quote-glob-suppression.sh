touch a b
echo "*" '*' \*
echo *
