printf 'a\nb\nc\n' > x
printf 'a\nB\nc\n' > y
diff -u x y | tail -n +3
