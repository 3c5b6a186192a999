set -x
echo hi
x=1
echo "$x two"
set +x
echo quiet
