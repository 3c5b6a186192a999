echo x > a
cp a b
mv b c
ls
rm a
ls
cat c
