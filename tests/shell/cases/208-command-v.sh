command -v cd
command -v nosuchzz
echo "status $?"
f() { :; }
command -v f
alias ll='ls -l'
command -v ll
command -v ls > /dev/null && echo found-ls
