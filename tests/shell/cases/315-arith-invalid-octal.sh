echo $((010))
echo $((08))
echo after
