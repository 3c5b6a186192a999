mkdir d
touch d/b d/a d/.h
ls d
ls -a d
ls -A d
ls -d d
