x=abcabc
echo ${x#*b} ${x##*b} ${x%b*} ${x%%b*}
echo ${x#[ab]} ${x%?} ${x#[!a]}
y='*star'
echo ${y#"*"} ${y#\*} ${y#*}
