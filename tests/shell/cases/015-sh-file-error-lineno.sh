printf 'echo one\nnosuch\necho three\n' > s.sh
sh s.sh
echo "status $?"
