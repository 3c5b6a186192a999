touch a b c d
echo [ab]
echo [b-d]
echo [!a]
