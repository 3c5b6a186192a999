touch a b
set -o noglob
echo *
set +o noglob
echo *
