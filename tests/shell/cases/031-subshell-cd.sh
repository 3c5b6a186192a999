top=$PWD
mkdir d
(cd d && [ "$PWD" = "$top/d" ] && echo inside)
[ "$PWD" = "$top" ] && echo unchanged
