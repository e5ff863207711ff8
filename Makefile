# clausier: set-up, demo, tests and benchmarks.
# `make demo` and `make test` work on a fresh machine: `setup` installs what is missing.

TYPST_VERSION := 0.15.1
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := target/release/clausier
EXAMPLE := examples/agency

.PHONY: setup setup-typst setup-apt build demo test bench fmt clippy

setup: setup-typst setup-apt

# typst is pinned: install only when the right version is not already on PATH.
setup-typst:
	@if typst --version 2>/dev/null | grep -q "typst $(TYPST_VERSION)"; then \
		echo "typst $(TYPST_VERSION) present"; \
	else \
		echo "installing typst $(TYPST_VERSION) (takes ~9 minutes on 2 cores)"; \
		$(CARGO) install typst-cli --locked --version $(TYPST_VERSION); \
	fi

# poppler-utils (pdftotext, pdftoppm), xmllint, Saxon-HE and a Java runtime for Peppol validation, qpdf for PDF checks,
# patch to apply `clausier audit --suggest` diffs in tests.
setup-apt:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v xmllint >/dev/null || missing="$$missing libxml2-utils"; \
	[ -f /usr/share/java/Saxon-HE.jar ] || missing="$$missing libsaxonhe-java"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v patch >/dev/null || missing="$$missing patch"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build:
	$(CARGO) build --release

demo: setup build
	@./scripts/demo.sh

fmt:
	$(CARGO) fmt --check

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

test: setup fmt clippy
	$(CARGO) test

bench: setup build
	@./scripts/bench.sh
