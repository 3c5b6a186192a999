x=val
printf '%s\n' "x=$x" "\$x" "a\\b" "q\"q" "back\`tick" "plain\q"
