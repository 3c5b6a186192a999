echo hi >&-
echo "status $?"
