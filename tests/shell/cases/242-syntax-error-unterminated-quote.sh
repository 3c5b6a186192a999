echo ok
echo "abc
