show() { cat; }
show <<EOF
from heredoc $((2*21))
EOF
