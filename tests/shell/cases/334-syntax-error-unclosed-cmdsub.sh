echo before
echo $(echo
