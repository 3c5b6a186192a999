echo before
eval 'if'
echo after
