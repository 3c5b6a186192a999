x=$(echo hi)
echo "[$x]"
echo "[$(printf 'a b')]"
