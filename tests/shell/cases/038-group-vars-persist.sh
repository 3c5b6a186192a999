{ x=5; cd /; }
echo $x
pwd
