echo t > target
ln -s target link
readlink link
cat link
ln target hard
cat hard
ls
