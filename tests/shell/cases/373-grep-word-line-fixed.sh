printf 'foo\nfoobar\nbar foo\n' | grep -w foo
printf 'foo\nfoobar\n' | grep -x foo
printf 'a.c\nabc\n' | grep -F a.c
printf 'x\ny\nz\n' | grep -e x -e z
