cat > f <<EOF
line1
line2
EOF
wc -l < f
