cd /
cd /tmp
cd -
pwd
