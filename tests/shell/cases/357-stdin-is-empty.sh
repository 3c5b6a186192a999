cat
echo "cat $?"
read x
echo "read $? [$x]"
