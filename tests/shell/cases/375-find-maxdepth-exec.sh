mkdir -p d/e
touch d/f d/e/g
find d -maxdepth 1 | sort
find d -name g -exec echo found {} \;
find d ! -type d | sort
