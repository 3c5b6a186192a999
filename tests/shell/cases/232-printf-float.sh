printf '%.2f\n' 3.14159
printf '%.3f\n' 1
printf '%5.1f|\n' 2.25
