printf 'a b c\n' | { read x y; echo "x=$x y=$y"; }
echo one | { read a b; echo "a=$a b=[$b]"; }
echo '  lead  trail  ' | { read x; echo "[$x]"; }
echo '  lead  trail  ' | { IFS= read x; echo "[$x]"; }
