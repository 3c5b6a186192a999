> f echo first
< f cat
2>/dev/null >>f echo second
cat f
