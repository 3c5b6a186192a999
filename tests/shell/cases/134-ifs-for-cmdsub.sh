IFS=,
for i in $(echo a,b,c); do echo "$i"; done
