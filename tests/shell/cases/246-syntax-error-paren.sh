echo ok
echo )
