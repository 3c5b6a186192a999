if false; then :; fi
echo $?
if (exit 3); then :; else echo "else sees $?"; fi
if true; then (exit 4); fi
echo $?
