x="$(echo "inner \"quoted\" $((1+1))")"
printf '%s\n' "$x"
