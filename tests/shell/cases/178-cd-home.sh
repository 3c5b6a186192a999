mkdir h
HOME=$PWD/h
cd
basename "$PWD"
