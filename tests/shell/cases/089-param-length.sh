x=hello
echo ${#x}
x=
echo ${#x}
set -- a b c
echo ${#}
