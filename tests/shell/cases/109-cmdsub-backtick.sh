x=`echo hi`
echo "[$x]"
echo `echo a \`echo b\``
