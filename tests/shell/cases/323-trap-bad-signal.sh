trap 'echo x' NOSIG
echo "status $?"
