cmd=echo
$cmd via variable
c='printf %s\n'
$c one two
