echo "$(echo "$(echo 'deep   spaces')")"
echo $(echo "$(echo 'deep   spaces')")
