sh -c 'echo "$0 $1 $2"' zero one two
sh -c 'exit 5'; echo "status $?"
sh -c 'echo "n=$#"'
