printf '%d\n' "'A"
printf '%d\n' '"a'
