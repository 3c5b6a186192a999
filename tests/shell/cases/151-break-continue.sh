for i in 1 2 3 4 5 6 7 8 9 10; do
  [ $((i % 2)) -eq 0 ] && continue
  [ $i -gt 7 ] && break
  echo $i
done
