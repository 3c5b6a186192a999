set -C
echo a >> f
echo b >> f
cat f
echo x > /dev/null
echo "status $?"
set -o noclobber
echo y > f
cat f
