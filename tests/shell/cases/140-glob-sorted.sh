touch B a C b _x 1
echo *
