printf '%s=%d\n' a 1 b 2
printf '%*d|\n' 5 42
printf '%b' 'stop\chere'
echo
