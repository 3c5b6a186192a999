a=$((b=3))
echo $a $b
i=0
while [ $((i+=1)) -le 3 ]; do echo $i; done
