echo first 2>> err >&2
echo second 2>> err >&2
cat err
