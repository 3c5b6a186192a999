printf 'a\nb\nc\n' > x
printf 'a\nB\nc\nd\n' > y
diff x y
echo "status $?"
diff x x
echo "status $?"
