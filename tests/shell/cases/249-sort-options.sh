printf '3\n1\n2\n1\n' | sort -u
printf '3\n1\n2\n' | sort -r
printf 'a:3\nb:1\nc:2\n' | sort -t: -k2 -n
printf '10\n9\n100\n' | sort
printf '10\n9\n100\n' | sort -n
