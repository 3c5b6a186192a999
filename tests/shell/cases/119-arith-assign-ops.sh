x=1
: $((x+=4)); echo $x
: $((x*=3)); echo $x
: $((x-=5)); echo $x
: $((x/=2)); echo $x
echo $((x=7)) $x
: $((x%=4)); echo $x
: $((x<<=2)); echo $x
