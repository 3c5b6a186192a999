unset v
for i in "${v:-a b}"; do echo "[$i]"; done
for i in ${v:-a b}; do echo "[$i]"; done
