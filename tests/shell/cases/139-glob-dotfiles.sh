mkdir t && cd t
touch .hidden visible
echo *
echo .h*
echo .*
