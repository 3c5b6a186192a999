cmd=
$cmd echo ran
echo "status $?"
