printf 'k1=v1\nk2=v2\n' | while IFS== read k v; do echo "$k -> $v"; done
