unset u
e=
s=set
echo "[${u:+a1}] [${u+a2}] [${e:+a3}] [${e+a4}] [${s:+a5}] [${s+a6}]"
