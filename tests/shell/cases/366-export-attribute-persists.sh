x=1
export x
x=2
sh -c 'echo "child $x"'
unset x
sh -c 'echo "child ${x-unset}"'
