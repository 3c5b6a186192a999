printf 'b 10\na 2\nc 1\n' > f
sort -n -k2 f
sort -k1,1 f
sort -rn -k2 f
