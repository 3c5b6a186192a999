seq -w 8 10
expr 10 % 3
expr length abc
expr substr hello 2 3
