x='*'
case abc in "$x") echo literal;; $x) echo glob;; esac
case '*' in "*") echo star;; esac
case 'a b' in a\ b) echo escaped;; esac
