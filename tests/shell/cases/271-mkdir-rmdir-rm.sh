mkdir t && cd t
mkdir -p x/y/z
find x | sort
rmdir x/y/z
rm -r x
ls -A
echo "listed"
