cat <<EOF
$(echo "quoted 'inner' text")
EOF
