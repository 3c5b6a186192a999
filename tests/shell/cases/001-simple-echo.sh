echo hello world
echo   spaced    out   args
echo
echo -n no-newline; echo
echo a; echo b;echo c
