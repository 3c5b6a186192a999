echo one > a
echo three > c
echo two | cat a - c
