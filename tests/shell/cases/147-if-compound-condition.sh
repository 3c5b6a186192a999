if true && false; then echo a; elif ! false; then echo b; fi
if
  false
  true
then
  echo last-counts
fi
