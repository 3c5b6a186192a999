sh -c 'trap "echo trapped \$?" EXIT; exit 4'
echo "status $?"
