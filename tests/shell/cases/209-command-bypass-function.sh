echo() { printf 'fn %s\n' "$*"; }
echo x
command echo real
