seq 3
seq 2 4
seq 1 3 10
seq 3 -1 1
seq -s, 5
