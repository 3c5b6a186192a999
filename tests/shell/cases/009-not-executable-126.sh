echo 'echo hi' > script
./script
echo "status $?"
