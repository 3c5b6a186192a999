set -o nosuch
echo after
