mkdir -m 700 d
stat -c %a d
touch f
readlink f
echo "status $?"
