echo $(echo $(echo $(echo deep)))
echo "$(echo "x$(echo y)z")"
