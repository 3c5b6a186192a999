x=$(exit 3)
echo $?
x=$(false) || echo failed
x=$(true) && echo ok
