false
x=1
echo $?
x=$(false)
echo $?
