x=$(cat <<EOF
inside heredoc
EOF
)
echo "[$x]"
