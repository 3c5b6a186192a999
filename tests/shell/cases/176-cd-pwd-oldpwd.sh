top=$PWD
mkdir -p a/b
cd a/b
[ "$PWD" = "$top/a/b" ] && echo pwd-ok
[ "$(pwd)" = "$top/a/b" ] && echo pwd-cmd-ok
[ "$OLDPWD" = "$top" ] && echo oldpwd-ok
cd - > /dev/null
[ "$PWD" = "$top" ] && echo back
