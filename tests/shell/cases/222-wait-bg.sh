(echo bg > f) &
wait
cat f
echo done
