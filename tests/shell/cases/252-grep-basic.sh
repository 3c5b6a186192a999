printf 'apple\nBanana\ncherry\napricot\n' > f
grep ap f
grep -c a f
grep -v a f
grep -i banana f
grep -in B f
