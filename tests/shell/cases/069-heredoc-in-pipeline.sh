cat <<EOF | tr a-z A-Z
shout this
EOF
