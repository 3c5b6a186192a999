alias foo='echo x'; foo
echo "status $?"
