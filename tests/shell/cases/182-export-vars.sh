export A=1
B=2
sh -c 'echo "A=$A B=${B-unset}"'
export B
sh -c 'echo "B=$B"'
