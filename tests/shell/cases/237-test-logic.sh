[ 1 -eq 1 -a 2 -eq 3 ] || echo and-false
[ 1 -eq 2 -o 2 -eq 2 ] && echo or-true
[ ! -e nope ] && echo not
test \( 1 -eq 1 \) && echo paren
[ ! "" ] && echo not-empty-string
