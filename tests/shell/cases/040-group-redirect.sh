{ echo one; echo two >&2; } > out 2> err
cat out err
