seq 6 | sed '2,4d'
printf 'a\nstart\nb\nend\nc\n' | sed '/start/,/end/d'
seq 5 | sed -n '3,$p'
seq 5 | sed '$d'
