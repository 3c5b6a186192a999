set -u
echo "${x-default}"
echo "$#"
echo $x
echo no
