set -- a b
shift abc
echo after
