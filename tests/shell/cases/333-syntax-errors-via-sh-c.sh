sh -c 'case x in'
sh -c 'while true; do'
sh -c 'f() { }'
sh -c 'if true; then fi'
echo "last status $?"
