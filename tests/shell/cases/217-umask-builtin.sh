umask 027
umask
touch f
mkdir d
stat -c %a f d
umask 0022
umask
umask -S
