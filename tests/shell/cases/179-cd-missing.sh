cd /nonexistent
echo "status $?"
touch f
cd f
echo "status $?"
