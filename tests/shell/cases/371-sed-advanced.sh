printf '1\n2\n3\n' | sed '1!G;h;$!d'
echo abc | sed y/abc/xyz/
echo aaa | sed -E 's/a+/X/'
printf 'x\n' > f
sed -i 's/x/edited/' f
cat f
