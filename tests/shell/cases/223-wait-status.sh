(exit 3) &
wait $!
echo $?
false &
wait
echo $?
