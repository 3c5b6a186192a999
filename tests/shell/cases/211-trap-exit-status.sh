trap 'echo cleanup' EXIT
exit 3
