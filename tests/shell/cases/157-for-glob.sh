touch f1 f2 g1
for f in f*; do echo $f; done
