x=val
echo "it's \"$x\""
echo 'say "hi"'
