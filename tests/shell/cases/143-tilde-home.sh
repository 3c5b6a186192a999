[ ~ = "$HOME" ] && echo home
echo ~/x | sed "s|^$HOME|HOME|"
echo "~" '~' \~
x=~
[ "$x" = "$HOME" ] && echo assign
