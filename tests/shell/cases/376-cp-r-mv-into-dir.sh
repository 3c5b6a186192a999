mkdir -p src/sub dst
echo one > src/a
echo two > src/sub/b
cp -r src copy
find copy | sort
mv copy/a dst
ls dst copy
