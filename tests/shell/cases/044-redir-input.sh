printf 'x\ny\n' > f
wc -l < f
read line < f
echo "$line"
