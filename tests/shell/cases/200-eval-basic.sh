eval 'x=5; echo $x'
cmd='echo "a  b"'
eval "$cmd"
v=name
eval "$v=value"
echo $name
eval
echo "status $?"
