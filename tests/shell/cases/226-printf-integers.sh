printf '%d %5d|%-5d|%05d\n' 42 42 42 42
printf '%x %X %o %#x %#o\n' 255 255 8 255 8
printf '%d %d %d %+d\n' 0x10 010 -5 3
