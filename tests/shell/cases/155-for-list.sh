for i in a b c; do echo $i; done
for i in "x y" z; do echo "[$i]"; done
