p='a*'
x=abc
echo ${x#$p} "${x#"$p"}"
y='a*bc'
echo "${y#"$p"}"
