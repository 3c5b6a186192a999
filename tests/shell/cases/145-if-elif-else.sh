if true; then echo yes; fi
if false; then echo yes; else echo no; fi
x=2
if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo other; fi
