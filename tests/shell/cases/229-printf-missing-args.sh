printf '%s-%s\n' a
printf '%d|\n'
printf '[%s]\n'
