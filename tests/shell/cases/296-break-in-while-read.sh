printf 'a\nb\nstop\nc\n' | while read l; do
  [ "$l" = stop ] && break
  echo "$l"
done
