sh -ec 'false; echo no'
echo "status $?"
sh -x -c 'echo hi'
sh -n -c 'echo not-run'
echo "status $?"
