x=1
unset x
echo "${x-gone}"
f() { echo f; }
unset -f f
f 2>/dev/null || echo "f gone"
unset nosuchvar
echo "status $?"
