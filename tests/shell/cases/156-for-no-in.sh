set -- x "y z"
for a; do echo "[$a]"; done
for a
do
  echo "again $a"
done
