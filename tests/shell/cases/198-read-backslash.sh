printf '%s\n' 'a\b' 'c\' 'd' 'e\' 'f' > in
{ read x; echo "$x"; read -r y; echo "$y"; read z; echo "$z"; read w; echo "$w"; } < in
