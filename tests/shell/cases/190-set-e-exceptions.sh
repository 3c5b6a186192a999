set -e
if false; then echo no; fi
false || echo or-ok
false && echo no
! true
while false; do :; done
f() { false; echo "in f after false"; }
f || true
echo survived
false
echo never
