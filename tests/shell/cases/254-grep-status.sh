printf 'x\n' > f
grep x f > /dev/null
echo $?
grep y f
echo $?
grep x nofile
echo $?
