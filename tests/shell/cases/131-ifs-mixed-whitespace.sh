IFS=' :'
x='a : b'
set -- $x
echo $#
printf '[%s]' "$@"
echo
