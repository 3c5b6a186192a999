set -- "a b" c
for i in "$@"; do echo "at:[$i]"; done
for i in "$*"; do echo "star:[$i]"; done
for i in $@; do echo "uat:[$i]"; done
for i in $*; do echo "ustar:[$i]"; done
