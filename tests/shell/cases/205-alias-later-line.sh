alias say='echo said'
say hi
alias say
unalias say
say 2>/dev/null || echo gone
