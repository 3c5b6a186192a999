printf '  lead\ntwo words\nlast\n' > f
while read -r line; do echo "[$line]"; done < f
while IFS= read -r line; do echo "<$line>"; done < f
