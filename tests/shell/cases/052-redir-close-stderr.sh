{ echo visible; echo hidden >&2; } 2>&-
echo done
