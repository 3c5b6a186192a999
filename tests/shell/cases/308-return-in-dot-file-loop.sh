printf 'for i in 1 2 3; do echo $i; [ $i = 2 ] && return; done\n' > r.sh
. ./r.sh
echo "after source"
