x=abc
echo before
echo $((x+1))
echo after
