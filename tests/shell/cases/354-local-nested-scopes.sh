x=0
f() { local x=1; g; echo "f: $x"; }
g() { local x=2; h; echo "g: $x"; }
h() { x=3; echo "h: $x"; }
f
echo "top: $x"
