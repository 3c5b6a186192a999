empty=
set -- "" '' a
echo $#
set -- $empty
echo $#
set -- "$empty"
echo $#
