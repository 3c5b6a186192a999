n=0
printf 'a\nb\nc\n' | while read l; do n=$((n+1)); echo "line $n: $l"; done
echo "after: $n"
