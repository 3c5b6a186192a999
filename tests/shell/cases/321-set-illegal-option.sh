echo before
set -Z
echo after
