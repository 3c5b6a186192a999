touch f
[ -x f ] || echo not-exec
chmod +x f
[ -x f ] && echo exec
