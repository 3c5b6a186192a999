echo a # comment here
# full line comment
echo b#notcomment
echo c '#' quoted
