sleep 0 & pid=$!
case $pid in ''|*[!0-9]*) echo bad;; *) echo numeric;; esac
[ "$$" -gt 0 ] && echo pid-ok
x=$(echo $$)
[ "$x" = "$$" ] && echo same-in-subshell
wait
