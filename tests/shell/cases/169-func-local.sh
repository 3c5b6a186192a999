x=global
f() { local x=inner; echo "f: $x"; g; }
g() { echo "g sees $x"; }
f
echo "after: $x"
