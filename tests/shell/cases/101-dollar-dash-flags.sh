set -e
case $- in *e*) echo e-on;; esac
set +e
case $- in *e*) echo still;; *) echo e-off;; esac
set -f
case $- in *f*) echo f-on;; esac
set +f
