echo 1 > one
echo 2 > two
ln -s one l
cat l
ln -sf two l
cat l
readlink l
