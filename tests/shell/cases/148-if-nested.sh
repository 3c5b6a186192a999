for n in 1 5 15; do
  if [ $n -gt 3 ]; then
    if [ $n -gt 10 ]; then echo "$n big"; else echo "$n medium"; fi
  else
    echo "$n small"
  fi
done
