echo "[${x-$(echo side-effect >&2)}]"
x=1
echo "[${x-$(echo side-effect >&2)}]"
