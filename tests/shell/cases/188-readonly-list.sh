readonly a=1 b='x y'
readonly -p
