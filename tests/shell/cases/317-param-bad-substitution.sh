echo start
x=abc
echo ${x:1:2}
echo after
