f() { echo "in f: $v"; }
v=tmp f
echo "after: ${v-unset}"
