printf 'aab cd\nxyz\nab 12 345\n' > f
grep -E 'a+b|cd' f
grep -oE '[0-9]+' f
grep -o 'a*b' f
