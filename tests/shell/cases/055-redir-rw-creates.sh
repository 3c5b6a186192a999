: <> new
ls
