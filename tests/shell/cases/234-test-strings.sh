[ abc = abc ] && echo eq
[ abc != abd ] && echo ne
[ -z "" ] && echo z
[ -n x ] && echo n
[ x ] && echo nonempty
[ "" ] || echo empty-false
test a = a && echo test-cmd
[ a \< b ] && echo lt
