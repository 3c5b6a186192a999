i=0
while [ $i -lt 500 ]; do echo "line $i"; i=$((i+1)); done | wc -l
