while false; do :; done
echo $?
for i in; do :; done
echo $?
for i in a; do (exit 3); done
echo $?
