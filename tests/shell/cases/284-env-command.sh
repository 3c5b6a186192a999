env X=1 sh -c 'echo "X=$X"'
env -i sh -c 'echo "${HOME-nohome}"'
