case 7 in [[:digit:]]) echo digit;; esac
touch Ab cd
echo [[:upper:]]*
x='   trim me'
echo "[${x#"${x%%[![:space:]]*}"}]"
