# Wosix — the README's commands. `make run` serves the browser playground, `make shell` opens
# a shell in a native machine; `make test` runs every test (unit, integration, end-to-end, and a short fuzzing pass).

CARGO      ?= cargo
# A build cache outside the clone, shared by runs (a cold machine simply fills it).
export CARGO_TARGET_DIR ?= $(HOME)/.cache/wosix-target
# Seconds each fuzz target runs in `make fuzz` (and in `make test`).
FUZZ_TIME  ?= 20
FUZZ_TARGETS := shell_parse path_walk
# apt-get needs root; use sudo when we are not.
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run shell test test-rust bench lint fuzz setup setup-fuzz help

all: help

help:
	@echo "make run     build the browser host and serve the playground (PORT, default 8080)"
	@echo "make shell   boot a Wosix machine and open an interactive shell in this terminal"
	@echo "make test    all tests: cargo test --workspace, then $(FUZZ_TIME)s per fuzz target"
	@echo "make bench   side-by-side benchmarks (vs dash, vs plain wasmtime, in Chromium), printed as JSON"
	@echo "make lint    rustfmt check and clippy with warnings as errors"
	@echo "make fuzz    build the fuzz targets and run each for FUZZ_TIME seconds"
	@echo "make setup   install what the other targets need (idempotent)"

# Idempotent: each step runs only when its tool is missing. A target that cannot be fetched is
# reported and skipped: nothing built by `make test` needs it yet.
setup:
	@for t in wasm32-unknown-unknown wasm32-wasip1; do \
	  rustup target list --installed 2>/dev/null | grep -qx "$$t" || \
	    rustup target add "$$t" || echo "setup: warning: could not add rust target $$t" >&2; \
	done
	@missing=""; for p in dash clang lld wasi-libc libclang-rt-14-dev-wasm32; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  [ -z "$$missing" ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing; }

setup-fuzz: setup
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install --locked cargo-fuzz || $(CARGO) install cargo-fuzz

# The browser host: web-build, web-test, web-serve, web-bench.
include mk/web.mk

# The main job: build the browser host and serve the playground (PORT, default 8080).
run: web-serve

# The guest packages (python3) are fetched into the host cache once; machines install them at boot.
shell:
	$(CARGO) build --release -p wosix-host-native --bin wosix
	@$(CARGO_TARGET_DIR)/release/wosix fetch >/dev/null || echo "make shell: guest packages not fetched; continuing without them" >&2
	$(CARGO_TARGET_DIR)/release/wosix

test: setup test-rust web-test fuzz

test-rust:
	$(CARGO) test --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

bench: setup
	$(CARGO) build --release -p wosix-host-native --bin wosix
	bench/run
	bench/wasi.py
	$(MAKE) web-bench

# cargo-fuzz on the stable toolchain: no sanitizer (-s none needs no -Z flag), libFuzzer's
# coverage instrumentation only. Seeds live in fuzz/seeds/<target>; the growing corpus in
# fuzz/corpus/<target> (ignored by git).
fuzz: setup-fuzz
	cd fuzz && $(CARGO) fuzz build -s none
	@set -e; cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t "$${CARGO_TARGET_DIR:-target}"; log="$${CARGO_TARGET_DIR:-target}/fuzz-$$t.log"; \
	  echo "fuzz: $$t for $(FUZZ_TIME)s (log: $$log)"; \
	  if ! $(CARGO) fuzz run -s none $$t corpus/$$t seeds/$$t -- \
	      -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 >$$log 2>&1; then \
	    tail -n 60 $$log; echo "fuzz: $$t FAILED (crash input in fuzz/artifacts/$$t)"; exit 1; \
	  fi; \
	  grep -E '^(stat::number_of_executed_units|Done [0-9]+ runs)' $$log || tail -n 3 $$log; \
	done
