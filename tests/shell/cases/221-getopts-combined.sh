set -- -ab -cfoo -- -a
while getopts abc: o; do echo "o=$o arg=${OPTARG-}"; done
echo "OPTIND=$OPTIND"
