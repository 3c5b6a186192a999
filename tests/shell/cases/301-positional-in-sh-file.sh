printf 'for a; do echo "[$a]"; done\n' > s.sh
sh s.sh "x y" z
