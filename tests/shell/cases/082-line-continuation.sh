echo one \
two
echo "a\
b"
