name=world
cat <<'EOF'
hello $name
cmd $(echo sub) `echo bt`
EOF
cat <<E"O"F
also $name
EOF
