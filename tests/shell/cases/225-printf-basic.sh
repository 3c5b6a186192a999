printf '%s|%s\n' a b
printf 'no newline'
printf '\n'
printf '%s\n' one two three
