for w in 7 x Hello ab; do
  case $w in
    [0-9]) echo "$w digit";;
    ?) echo "$w single";;
    [!a-z]*) echo "$w not-lower";;
    *) echo "$w rest";;
  esac
done
