f() { echo "n=$# 1=$1 all=$*"; }
f a "b c"
f
