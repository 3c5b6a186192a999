touch b a c.txt
echo *
echo *.txt
