x=
echo "[${x?not reached}]"
echo ${y:?custom message}
echo after
