x=$(printf 'b\na\n' | sort | head -n 1)
echo "$x"
echo $(echo `echo inner`)
