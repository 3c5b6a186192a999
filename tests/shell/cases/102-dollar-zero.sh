echo $0
f() { echo "in f: $0"; }
f
