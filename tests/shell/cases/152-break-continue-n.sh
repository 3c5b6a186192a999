for a in 1 2 3; do
  for b in x y z; do
    [ $b = y ] && continue 2
    [ $a = 3 ] && break 2
    echo "$a$b"
  done
  echo never
done
echo end
