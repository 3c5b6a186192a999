touch f
mkdir d
ln -s f l
echo x > s
[ -e f ] && echo e
[ -f f ] && echo f
[ -d d ] && echo d
[ -f d ] || echo d-not-file
[ -h l ] && echo h
[ -L l ] && echo L
[ -s s ] && echo s
[ -s f ] || echo f-empty
[ -e nope ] || echo nope-missing
