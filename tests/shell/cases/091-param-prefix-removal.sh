f=dir/file.tar.gz
echo ${f#*/}
echo ${f##*.}
p=/a/b/c
echo ${p##*/} ${p%/*} ${p#/}
