exec 2>&1
echo "via stdout" >&2
nosuchcmd
echo end
