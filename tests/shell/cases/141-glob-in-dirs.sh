mkdir d1 d2
touch d1/x d2/y d1/z
echo d*/*
echo */x
