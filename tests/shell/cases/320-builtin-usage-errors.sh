read
echo "read $?"
printf
echo "printf $?"
getopts
echo "getopts $?"
