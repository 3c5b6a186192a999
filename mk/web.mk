# The browser host (issue 3): the kernel compiled to WebAssembly in a Web Worker, the `wosix`
# npm package (js/wosix), the playground (js/playground) and the browser tests (tests/browser).
# Included from the root Makefile:  include mk/web.mk
#
#   make web-build   wasm (release, LTO, wasm-opt -Oz) + wasm-bindgen + TypeScript + playground
#   make web-test    Rust engine tests, facade tests under Node.js, headless Chromium tests
#   make web-serve   serve the playground on 127.0.0.1:$(PORT) with COOP/COEP headers
#   make web-bench   boot/spawn/fs figures in Chromium, printed as JSON

CARGO          ?= cargo
PORT           ?= 8080
WEB_TARGET_DIR ?= $(HOME)/.cache/wosix-web
WEB_WASM       := $(WEB_TARGET_DIR)/wasm32-unknown-unknown/release/wosix_host_web.wasm
WEB_PKG        := js/wosix/src/pkg
WBG_VERSION    := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/,""); print}' Cargo.lock)
WEB_SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release settings for the wasm build only (the workspace profile stays as it is).
WEB_CARGO_ENV  := CARGO_TARGET_DIR=$(WEB_TARGET_DIR) CARGO_PROFILE_RELEASE_LTO=true \
                  CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1

.PHONY: web-setup web-wasm web-build web-test web-test-rust web-test-node web-test-browser web-serve web-bench

# Idempotent: the wasm-bindgen CLI matching Cargo.lock (no --locked: the mirror lacks a pinned
# dependency), npm packages, and Chromium for the browser tests.
web-setup:
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WBG_VERSION)$$" || $(CARGO) install wasm-bindgen-cli --version "$(WBG_VERSION)"
	@[ -d js/node_modules ] || (cd js && npm install --no-audit --no-fund)
	@[ -d tests/browser/node_modules ] || (cd tests/browser && npm install --no-audit --no-fund)
	@command -v chromium >/dev/null 2>&1 || { $(WEB_SUDO) apt-get update && $(WEB_SUDO) apt-get install -y chromium; }

# wasm-bindgen and the slow wasm-opt pass (minutes) run only when cargo's output changed.
web-wasm: web-setup
	$(WEB_CARGO_ENV) $(CARGO) build --release --target wasm32-unknown-unknown -p wosix-host-web
	@if cmp -s $(WEB_WASM) $(WEB_TARGET_DIR)/wosix_host_web.last.wasm && [ -f $(WEB_PKG)/wosix_host_web_bg.wasm ]; then \
	  echo "web-wasm: kernel module unchanged"; \
	else \
	  set -e; \
	  wasm-bindgen --target web --out-dir $(WEB_PKG) $(WEB_WASM); \
	  js/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	    --enable-mutable-globals --enable-reference-types --enable-multivalue \
	    $(WEB_PKG)/wosix_host_web_bg.wasm -o $(WEB_PKG)/wosix_host_web_bg.wasm; \
	  cp $(WEB_WASM) $(WEB_TARGET_DIR)/wosix_host_web.last.wasm; \
	fi

web-build: web-wasm
	cd js/wosix && ../node_modules/.bin/tsc -p tsconfig.json
	mkdir -p js/wosix/dist/pkg && cp $(WEB_PKG)/wosix_host_web.js $(WEB_PKG)/wosix_host_web_bg.wasm js/wosix/dist/pkg/

web-test-rust:
	CARGO_TARGET_DIR=$(WEB_TARGET_DIR) $(CARGO) test -p wosix-host-web

web-test-node: web-build
	cd js/wosix && ../node_modules/.bin/tsc -p test/types/tsconfig.upstream.json && ../node_modules/.bin/tsc -p test/types/tsconfig.wosix.json
	node --test js/wosix/test/

web-test-browser: web-build
	node tests/browser/run.mjs

web-test: web-test-rust web-test-node web-test-browser

web-serve: web-build
	node js/playground/serve.mjs --port $(PORT)

web-bench: web-build
	node tests/browser/bench.mjs
