set -e
false && true
echo reached
true && false
echo not-reached
