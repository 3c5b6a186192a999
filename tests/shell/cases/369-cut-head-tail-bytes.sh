printf 'a b\nc\n' | cut -d' ' -f2 -s
echo hello | head -c 3
echo
echo hello | tail -c 3
