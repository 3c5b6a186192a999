set --
for i in "$@"; do echo never; done
echo "n=$#"
printf '[%s]\n' "$@"
set -- "$@" new
echo "$# $1"
