echo before
nosuchcmd
