[ a = b ]
echo $?
[ a = a ]
echo $?
test
echo $?
