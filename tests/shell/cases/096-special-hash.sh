set -- a "b c" d
echo $#
set --
echo $#
