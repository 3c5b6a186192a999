printf 'b 2\na 2\nc 1\n' | sort -k2,2n -k1,1
printf 'x,10\ny,9\nz,10\n' | sort -t, -k2,2nr -k1,1r
