sh -c 'kill $$; echo not-reached'
echo "status $?"
sleep 5 & pid=$!
kill $pid
wait $pid
echo "status $?"
