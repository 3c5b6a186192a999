printf '%s\n' a\ b \$x \\ \' \"
