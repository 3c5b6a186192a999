:
echo $?
: ignored args $(false)
echo $?
true extra
echo $?
false extra
echo $?
