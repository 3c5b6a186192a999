nosuchcmd 2>&1 | sed 's/^/got: /'
{ echo out; echo err >&2; } > f 2>&1
cat f
