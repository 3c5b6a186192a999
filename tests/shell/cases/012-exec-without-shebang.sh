echo 'echo "from script: $1"' > s
chmod +x s
./s arg
echo "status $?"
