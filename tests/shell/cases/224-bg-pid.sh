: &
[ -n "$!" ] && echo has-pid
p=$!
wait $p
echo "status $?"
