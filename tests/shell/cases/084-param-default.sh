unset u
e=
s=set
echo "${u:-d1} ${u-d2} [${e:-d3}] [${e-d4}] ${s:-d5} ${s-d6}"
