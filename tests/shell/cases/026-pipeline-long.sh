seq 1 100 | grep 7 | wc -l
