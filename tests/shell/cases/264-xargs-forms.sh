printf 'a\nb\nc\n' | xargs echo
printf 'a\nb\nc\n' | xargs -n 2 echo
printf 'x\ny\n' | xargs -I{} echo 'item {}'
echo '1 2 3' | xargs -n 1
