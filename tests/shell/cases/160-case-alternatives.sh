for w in a x y z; do
  case $w in
    a|x|y) echo "$w alt";;
    *) echo "$w none";;
  esac
done
