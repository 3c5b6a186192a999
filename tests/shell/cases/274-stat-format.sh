printf 'abc' > f
mkdir d
ln -s f l
chmod 640 f
stat -c '%a %s %F' f
stat -c %F d
stat -c %F l
: > e
stat -c %F e
