printf '[%5s][%-5s][%.2s]\n' ab ab abcdef
printf '%c\n' hello
printf '%s and %s\n' a b c d
