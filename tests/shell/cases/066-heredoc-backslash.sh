x=val
cat <<EOF
a \$x b
c \\ d
e \a f
g $x
EOF
