HOME=/custom
echo ~ ~/a
x=~/b
echo $x
echo a~b ~nosuchuserzz/x
