[ 5 -eq 5 ] && echo eq
[ 5 -ne 6 ] && echo ne
[ -3 -lt 2 ] && echo lt
[ 2 -le 2 ] && echo le
[ 10 -gt 9 ] && echo gt
[ 3 -ge 4 ] || echo not-ge
[ 007 -eq 7 ] && echo leading-zeros
