# Two commands: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
DEMO_DB ?= demo/demo.db
SITE ?= site
BIN := .build/release/flowsite
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: deps build install deb demo test browser-check bench fuzz clean

deps:
	@scripts/install-deps.sh

## A stripped release binary (the Swift runtime comes from the toolchain: use `make deb` for machines without it).
build: deps
	$(SWIFT) build -c release --product flowsite
	strip --strip-unneeded $(BIN)

## Install the binary into $(DESTDIR)$(PREFIX)/bin (default /usr/local/bin).
install: build
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/flowsite

## A .deb (Swift's runtime linked statically; depends on Debian's libcmark-gfm, libsqlite3 and libpq):
## `apt-get install ./flowsite_*.deb` on a server or CI runner, no Swift needed.
deb: deps
	scripts/make-deb.sh

## Write the demo database and render it into site/, both at one instant (NOW=2026-11-25T00:00:00Z reproduces a site).
ifndef NOW
NOW := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
endif
demo: build
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN) demo --db $(DEMO_DB) --force --now $(NOW)
	$(BIN) inspect --db $(DEMO_DB)
	$(BIN) render --db $(DEMO_DB) --out $(SITE) --as-of $(NOW)
	@echo "Open $(SITE)/index.html in a browser (or serve it: python3 -m http.server -d $(SITE))."

## Build and run every test: unit, golden, bad-input (the real binary), then every page in a real browser.
test:
	@scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/browser-check.sh

## Only the browser check (real Mermaid 11 and headless Chromium); after `swift build`.
browser-check:
	scripts/browser-check.sh

## Benchmark the large demo database against the sqlite3 floor and Hugo (not a test; prints figures).
bench: deps
	bench/run.sh

## libFuzzer over the parser and the escapers, for FUZZ_SECONDS (default 600).
FUZZ_SECONDS ?= 600
fuzz: deps
	$(SWIFT) build -c debug --product fuzz-flowsite --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
	mkdir -p .build-fuzz/corpus && cp Fuzz/corpus/* .build-fuzz/corpus/
	SWIFT_BACKTRACE=enable=no .build-fuzz/debug/fuzz-flowsite .build-fuzz/corpus Fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20

clean:
	rm -rf .build .build-static $(SITE) demo/*.db flowsite_*.deb
