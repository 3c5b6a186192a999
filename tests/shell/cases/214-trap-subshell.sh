trap 'echo parent-exit' EXIT
(echo child)
(trap 'echo sub-exit' EXIT; echo in-sub)
echo main-end
