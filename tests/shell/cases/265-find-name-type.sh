mkdir -p d/sub
touch d/a.txt d/sub/b.txt d/c.log
find d -name '*.txt' | sort
find d -type d | sort
find d -type f | sort
