set -e
(false; echo no)
echo unreachable
