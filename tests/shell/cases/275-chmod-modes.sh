umask 022
touch f
chmod 755 f
stat -c %a f
chmod go-x f
stat -c %a f
chmod u=rw,g=r,o= f
stat -c %a f
chmod +x f
stat -c %a f
