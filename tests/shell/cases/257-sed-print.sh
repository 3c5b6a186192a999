seq 5 | sed -n '2p'
seq 10 | sed -n '/3/p'
seq 5 | sed -n '$p'
seq 3 | sed p
