unset x y
echo ${x:-${y:-deep}}
echo "${x:-a  b}"
set -- ${x:-a b c}
echo $#
