echo running
false
exit
