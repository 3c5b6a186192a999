echo a > f
set -C
echo b > f
echo "status $?"
echo c >| f
cat f
set +C
echo d > f
cat f
