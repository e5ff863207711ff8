# clausier: set-up, demo, tests and benchmarks.
# `make demo` and `make test` work on a fresh machine: `setup` installs what is missing.

TYPST_VERSION := 0.15.1
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := target/release/clausier
EXAMPLE := examples/agency

.PHONY: setup setup-typst setup-apt setup-precommit build demo test bench fmt clippy

setup: setup-typst setup-apt setup-precommit

# typst is pinned: install only when the right version is not already on PATH.
setup-typst:
	@if typst --version 2>/dev/null | grep -q "typst $(TYPST_VERSION)"; then \
		echo "typst $(TYPST_VERSION) present"; \
	else \
		echo "installing typst $(TYPST_VERSION) (takes ~9 minutes on 2 cores)"; \
		$(CARGO) install typst-cli --locked --version $(TYPST_VERSION); \
	fi

# poppler-utils (pdftotext, pdftoppm), xmllint, Saxon-HE and a Java runtime for Peppol validation, qpdf for PDF checks,
# chromium (headless) for the HTML audit report test (tests/audit_html.rs).
# patch to apply `clausier audit --suggest` diffs in tests.
setup-apt:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v xmllint >/dev/null || missing="$$missing libxml2-utils"; \
	[ -f /usr/share/java/Saxon-HE.jar ] || missing="$$missing libsaxonhe-java"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v patch >/dev/null || missing="$$missing patch"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# pre-commit (Python) for tests/precommit.rs, which runs the hooks of .pre-commit-hooks.yaml.
setup-precommit:
	@if python3 -m pre_commit --version >/dev/null 2>&1; then \
		echo "pre-commit present"; \
	else \
		echo "installing pre-commit"; \
		python3 -m pip install --user --quiet pre-commit \
			|| python3 -m pip install --user --quiet --break-system-packages pre-commit; \
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
