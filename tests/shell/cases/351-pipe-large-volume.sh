seq 1 20000 | tail -n 1
yes | head -n 10000 | wc -l
