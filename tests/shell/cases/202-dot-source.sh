printf 'x=sourced\nf() { echo "func $1"; }\n' > lib.sh
. ./lib.sh
echo $x
f arg
