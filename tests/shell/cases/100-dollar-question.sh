false
echo $?
echo $?
nosuchcmd 2>/dev/null
echo $?
(exit 42)
x=$?
echo "saved $x"
