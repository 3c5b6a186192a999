set -- -z
getopts ab opt
echo "status $? opt=$opt"
