f() { echo in-f; } > out
f
echo "stdout empty"
cat out
