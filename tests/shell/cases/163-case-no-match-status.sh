(exit 3)
case z in a) echo a;; esac
echo $?
case a in a) (exit 5);; esac
echo $?
