for i in a; do echo $i; done; done
