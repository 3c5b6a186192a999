seq 1 5 | sed 's/.*/x/' | uniq -c
printf 'a\nA\na\n' | sort | uniq -ci
