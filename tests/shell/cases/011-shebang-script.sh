printf '#!/bin/sh\necho "args: $# $1"\nexit 4\n' > s
chmod +x s
./s one two
echo "status $?"
