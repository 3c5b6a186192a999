a=foo
b=foo
if [ "$a" = "$b" ]; then echo same; fi
if [ "$a" != "bar" ]; then echo differ; fi
