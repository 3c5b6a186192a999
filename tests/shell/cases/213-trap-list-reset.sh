trap 'echo x' INT
trap
trap - INT
trap
echo end
