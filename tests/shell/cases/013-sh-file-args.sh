echo 'echo "0=$0 1=$1 n=$#"' > s.sh
sh s.sh a b
sh ./s.sh
