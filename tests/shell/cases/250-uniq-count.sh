printf 'a\na\nb\na\n' | uniq -c
printf 'x\ny\nx\nx\n' | sort | uniq -c | sort -rn
