printf '%s\n' 'a  b $x "q" `cmd` \n'
printf '%s\n' 'it'\''s'
