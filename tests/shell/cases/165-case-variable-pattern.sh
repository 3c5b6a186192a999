pat='a*'
case abc in $pat) echo matched;; esac
case abc in "$pat") echo no;; *) echo quoted-literal;; esac
