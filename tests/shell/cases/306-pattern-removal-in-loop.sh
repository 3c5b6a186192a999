for f in a.c b.c c.h; do
  case $f in *.c) echo "${f%.c}.o";; esac
done
