(exit 1) & a=$!
(exit 2) & b=$!
wait $a; echo "a=$?"
wait $b; echo "b=$?"
