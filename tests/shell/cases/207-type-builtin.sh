type cd
type echo
f() { :; }
type f
alias a=b
type a
type if
type nosuchzz
echo "status $?"
