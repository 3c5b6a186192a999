top=$PWD
mkdir -p real/sub
ln -s real/sub link
cd link
basename "$PWD"
basename "$(pwd -P)"
cd ..
[ "$PWD" = "$top" ] && echo logical-dotdot
