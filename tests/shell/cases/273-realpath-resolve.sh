mkdir -p a/b
[ "$(realpath a/b/..)" = "$PWD/a" ] && echo dotdot-ok
ln -s a/b lnk
[ "$(realpath lnk)" = "$PWD/a/b" ] && echo resolved
[ "$(readlink -f lnk)" = "$PWD/a/b" ] && echo readlink-f
