! true; echo $?
! false; echo $?
! (exit 3); echo $?
! echo x | grep -q y; echo $?
