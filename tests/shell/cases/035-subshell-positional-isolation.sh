set -- x
(set -- a b c; echo $#)
echo "$# $1"
