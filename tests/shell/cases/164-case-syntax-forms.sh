case a in (a) echo open-paren;; esac
case b in a) ;; b) echo b-matched; esac
case c in
  c)
    echo multi
    echo line
    ;;
esac
