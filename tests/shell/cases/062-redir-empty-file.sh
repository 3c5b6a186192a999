> empty
stat -c %s empty
ls
