# Two commands: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
DEMO_DB ?= demo/demo.db
SITE ?= site
BIN := .build/release/flowsite

.PHONY: deps build demo test clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product flowsite

## Write the demo database and render it into site/.
demo: build
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN) demo --db $(DEMO_DB)
	$(BIN) inspect --db $(DEMO_DB)
	$(BIN) render --db $(DEMO_DB) --out $(SITE)
	@echo "Open $(SITE)/index.html in a browser (or serve it: python3 -m http.server -d $(SITE))."

## Build and run every test.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build $(SITE) demo/*.db
