exec 4>&1
exec > out
echo to-file
exec 1>&4 4>&-
echo back
cat out
