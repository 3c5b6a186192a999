echo $ a$ "$" "a$"
