echo abc | sed -e 's/a/A/' -e 's/b/B/'
echo xyz | sed 's/x/y/;s/y/z/'
printf 'keep\ndrop\nkeep\n' | sed '/drop/d;s/keep/kept/'
