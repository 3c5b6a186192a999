set -- -b
getopts b: o
echo "status $? o=$o"
