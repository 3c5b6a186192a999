X=tmp sh -c 'echo "child $X"'
echo "${X-unset}"
X=1 true
echo "${X-unset}"
