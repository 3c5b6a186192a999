echo hit > a
echo miss > b
echo hit > c
grep hit a b c
grep -l hit a b c
grep -q hit a && echo quiet-found
