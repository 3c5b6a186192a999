{ echo a; exit 4; }
echo no
