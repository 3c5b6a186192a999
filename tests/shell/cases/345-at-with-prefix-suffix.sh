set -- a b
echo "x$@y"
printf '[%s]' "x$@y"
echo
