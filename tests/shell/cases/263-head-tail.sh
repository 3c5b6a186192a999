seq 10 | head -n 3
seq 10 | tail -n 2
seq 5 | tail -n +4
seq 5 | head -n -2
seq 20 | head -n 2
