printf 'ab12cd3\n' | tr -cd '0-9'
echo
echo 'hello' | tr -c 'l\n' '_'
