PS4='trace> '
set -x
true arg
echo "two words" > /dev/null
set +x
echo untraced
