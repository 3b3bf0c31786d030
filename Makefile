# kui: `make run` starts the app on http://127.0.0.1:8080, `make test` runs every check.
# `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Steps run in the order written (deps before assets before checks), also under -j.
.NOTPARALLEL:

VENDOR := web/static/vendor
DKFDS  := node_modules/dkfds/dist

.PHONY: help deps deps-run deps-node deps-bench mailpit run generate assets test check-fmt vet check-templ test-go bench clean clean-data

help:
	@echo "make run         the app on http://127.0.0.1:8080 with a local PostgreSQL kept in .data/"
	@echo "make test        every check: gofmt, go vet, templ code up to date, go test -race (PostgreSQL, Chromium)"
	@echo "make bench       the benchmark: own PostgreSQL, synthetic data (cached), two instances, wrk; prints BENCH lines"
	@echo "make deps        install what run and test need (PostgreSQL, Chromium, Node.js/npm, Java) when missing"
	@echo "make assets      npm ci when needed, then copy the front-end files to $(VENDOR)/"
	@echo "make generate    go tool templ generate"
	@echo "make clean       remove node_modules/ and $(VENDOR)/ (make clean-data also removes .data/)"

# ---------------------------------------------------------------------------
# System packages. As root, missing ones are installed with apt-get; as anyone
# else the target fails and prints the command to run.

# $(call ensure-packages,<Debian packages>): installs those not yet present.
define ensure-packages
@missing=(); \
	for pkg in $(1); do \
	  case $$pkg in \
	    postgresql) compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null || missing+=(postgresql) ;; \
	    chromium)   [ -x /usr/bin/chromium ] || missing+=(chromium) ;; \
	    nodejs)     command -v node >/dev/null || missing+=(nodejs) ;; \
	    npm)        command -v npm >/dev/null || missing+=(npm) ;; \
	    wrk)        command -v wrk >/dev/null || missing+=(wrk) ;; \
	    default-jre-headless) command -v java >/dev/null || missing+=(default-jre-headless) ;; \
	  esac; \
	done; \
	if [ $${#missing[@]} -gt 0 ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "==> installing $${missing[*]} with apt-get"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update && apt-get install -y "$${missing[@]}"; \
	  else \
	    echo "Missing: $${missing[*]}. Install them with:" >&2; \
	    echo "    sudo apt-get install -y $(1)" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

deps:      ## everything make test needs (Java runs the W3C Nu HTML checker, vnu-jar from npm)
	$(call ensure-packages,postgresql chromium nodejs npm default-jre-headless)
	@$(MAKE) --no-print-directory mailpit

deps-run:  ## what make run needs
	$(call ensure-packages,postgresql nodejs npm)
	@$(MAKE) --no-print-directory mailpit

# Mailpit, a real SMTP server with a web inbox: kui dev sends its e-mails
# there, and the tests read theirs back from it. Built from the Go module
# proxy at the pinned version (a tool, not linked into kui); the first build
# takes a few minutes, later ones are cached.
MAILPIT_VERSION := v1.33.1
MAILPIT := .data/bin/mailpit
mailpit: $(MAILPIT)
$(MAILPIT): Makefile
	@echo "==> building Mailpit $(MAILPIT_VERSION) into $(MAILPIT)"
	@mkdir -p $(dir $(MAILPIT))
	@GOBIN=$(abspath $(dir $(MAILPIT))) go install github.com/axllent/mailpit@$(MAILPIT_VERSION)
	@touch $@

deps-node:
	$(call ensure-packages,nodejs npm)

deps-bench:
	$(call ensure-packages,postgresql nodejs npm wrk)

# ---------------------------------------------------------------------------
# Front-end assets: npm fetches the pinned packages (package-lock.json); we copy
# what the pages use into $(VENDOR)/ (git-ignored, never committed):
#   $(VENDOR)/dkfds/css/dkfds.min.css   + every font and image it refers to by
#                                          url(), at the relative path it expects
#   $(VENDOR)/dkfds/img/all-svg-icons.svg (icon sprite for <svg><use href=…#id>)
# axe-core stays in node_modules/axe-core/axe.min.js, for the browser tests,
# and the W3C Nu HTML checker in node_modules/vnu-jar/build/dist/vnu.jar.
# The Dockerfile runs `make assets` too: this list is the only one.

# The last file copied stands for the whole folder (no stamp file: web/embed.go
# embeds static/ with all:, dot files included).
VENDOR_DONE := $(VENDOR)/dkfds/LICENSE.md

assets: $(VENDOR_DONE)

# npm ci rewrites node_modules/.package-lock.json, so this reruns only when
# node_modules is missing or older than package.json / package-lock.json.
# No package's install script runs: we only copy files (vnu-jar's would
# download a Java runtime; make deps installs Debian's).
node_modules/.package-lock.json: package.json package-lock.json | deps-node
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

$(VENDOR_DONE): node_modules/.package-lock.json Makefile
	@echo "==> copying front-end assets to $(VENDOR)/"
	@rm -rf $(VENDOR)
	@mkdir -p $(VENDOR)/dkfds/css $(VENDOR)/dkfds/img
	@cp $(DKFDS)/css/dkfds.min.css $(VENDOR)/dkfds/css/
	@cp $(DKFDS)/img/all-svg-icons.svg $(VENDOR)/dkfds/img/
	@grep -o 'url([^)]*)' $(DKFDS)/css/dkfds.min.css \
	  | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$$//; s/[?#].*$$//' \
	  | grep -v -e '^data:' -e '^[a-z]*://' -e '^/' \
	  | sort -u \
	  | while read -r ref; do \
	      dest=$(VENDOR)/dkfds/css/$$ref; \
	      mkdir -p "$$(dirname "$$dest")"; \
	      cp "$(DKFDS)/css/$$ref" "$$dest" || { echo "dkfds.min.css refers to $$ref, which the package lacks" >&2; exit 1; }; \
	    done
	@cp $(DKFDS)/LICENSE.md $(VENDOR)/dkfds/
	@touch $@

# ---------------------------------------------------------------------------

generate:
	go tool templ generate -log-level warn

run: deps-run assets generate
	go run ./cmd/kui dev

# ---------------------------------------------------------------------------
# make test: the checks run in this order; the first failure stops it.

test: deps assets check-fmt vet check-templ test-go
	@echo "make test: PASS (gofmt, go vet, templ generate, go test -race)"

# Go files: tracked and untracked-but-not-ignored (or all but node_modules/
# and .data/ outside a git work tree).
check-fmt:
	@echo "==> gofmt"
	@files=$$( (git ls-files -co --exclude-standard -- '*.go' 2>/dev/null \
	           || find . \( -path ./node_modules -o -path ./.data -o -path ./.git \) -prune -o -name '*.go' -print) \
	         | while read -r f; do if [ -f "$$f" ]; then echo "$$f"; fi; done); \
	[ -n "$$files" ] || exit 0; \
	bad=$$(gofmt -l $$files); \
	if [ -n "$$bad" ]; then \
	  echo "make test: FAIL: these files need gofmt (run: gofmt -w <file>):" >&2; \
	  echo "$$bad" | sed 's/^/    /' >&2; \
	  exit 1; \
	fi

vet:
	@echo "==> go vet ./..."
	@go vet ./... || { echo "make test: FAIL: go vet" >&2; exit 1; }

# Regenerates the templ code and fails when any *_templ.go changed, appeared or
# disappeared, comparing checksums of the files on disk before and after.
check-templ:
	@echo "==> templ generated code up to date"
	@sums() { find . \( -path ./node_modules -o -path ./.data -o -path ./.git \) -prune \
	            -o -name '*_templ.go' -type f -print0 | sort -z | xargs -0 -r sha256sum; }; \
	before=$$(sums); \
	go tool templ generate -log-level warn || { echo "make test: FAIL: go tool templ generate" >&2; exit 1; }; \
	after=$$(sums); \
	if [ "$$before" != "$$after" ]; then \
	  echo "make test: FAIL: generated templ code was stale; regenerated (commit these):" >&2; \
	  diff <(echo "$$before") <(echo "$$after") | sed -nE 's/^[<>] [0-9a-f]+  (.*)$$/    \1/p' | sort -u >&2; \
	  exit 1; \
	fi

# -timeout only catches a hung test (with its stack): a busy machine may make
# a package slow, and CI's own limit is 90 minutes for everything.
test-go:
	@echo "==> go test -race ./..."
	@KUI_MAILPIT=$(abspath $(MAILPIT)) go test -race -count=1 -timeout 75m ./... || { echo "make test: FAIL: go test" >&2; exit 1; }

# ---------------------------------------------------------------------------
# make bench: see docs/performance.md. BENCH_FLAGS passes options to kuibench,
# e.g. make bench BENCH_FLAGS="-youth 20000 -duration 5s".

bench: deps-bench assets generate
	go run ./cmd/kuibench $(BENCH_FLAGS)

# ---------------------------------------------------------------------------

clean:
	rm -rf node_modules $(VENDOR)

# .data/ holds make run's PostgreSQL cluster: refuse while its server runs.
clean-data: clean
	@pidfile=.data/postgres/data/postmaster.pid; \
	if [ -f $$pidfile ] && kill -0 "$$(head -1 $$pidfile)" 2>/dev/null; then \
	  echo "PostgreSQL still runs on .data/postgres (PID $$(head -1 $$pidfile)); stop make run first." >&2; \
	  exit 1; \
	fi
	rm -rf .data
