printf 'echo in-script\nexit 9\n' > s.sh
sh s.sh
echo "status $?"
