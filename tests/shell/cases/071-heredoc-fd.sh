cat 3<<EOF <&3
via fd three
EOF
cat <&3 3<<EOF
order matters
EOF
echo "status $?"
