if true; then
	cat <<-EOF
	indented
		double
	EOF
fi
