_x=1
x_2=2
X=3
x=4
echo $_x $x_2 $X $x
