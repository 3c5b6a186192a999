echo 'root:x:0:0' | cut -d: -f1,3
echo 'abcdef' | cut -c1-3
echo 'a,b,c,d' | cut -d, -f2-
printf 'a\tb\tc\n' | cut -f2
