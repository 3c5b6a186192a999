x=$(seq 1 1000)
echo ${#x}
