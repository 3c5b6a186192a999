(f() { echo f-in-sub; }; f)
f 2>/dev/null || echo "no f: $?"
