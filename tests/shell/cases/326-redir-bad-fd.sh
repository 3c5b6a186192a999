echo x >&5
echo "status $?"
