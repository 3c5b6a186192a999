touch a
x='*'
echo $x
echo "$x"
set -f
echo *
set +f
echo *
