# Parley — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

GO     ?= go
NPM    ?= npm
BIN    := build/bin
FE     := frontend
E2E    := frontend/e2e

# Ubuntu 24.04+ only has WebKitGTK 4.1; Wails builds against it with this tag.
# Recursive (=) so it is evaluated after deps are installed.
WEBKIT_TAG = $(shell pkg-config --exists webkit2gtk-4.0 2>/dev/null || { pkg-config --exists webkit2gtk-4.1 2>/dev/null && echo ,webkit2_41; })
# One version for the binary, the About box and every installer: the git tag.
VERSION    := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# The opt-in update check reads the latest release of the GitHub repository Parley is built from:
# GITHUB_REPOSITORY in the release workflow, else the origin remote. Empty (not on GitHub), the
# About box says checking is not available in this build.
REPOSITORY   ?= $(or $(GITHUB_REPOSITORY),$(shell git config --get remote.origin.url 2>/dev/null | sed -nE -e 's!\.git$$!!' -e 's!^(https://github\.com/|git@github\.com:)([^/]+/[^/]+)$$!\2!p'))
RELEASES_URL ?= $(if $(REPOSITORY),https://api.github.com/repos/$(REPOSITORY)/releases/latest)
export RELEASES_URL
LDFLAGS    := -w -s -X main.version=$(VERSION) -X main.releasesURL=$(RELEASES_URL)

.PHONY: run build dev test test-go test-frontend test-e2e bench vet deps deps-test \
        frontend-deps e2e-deps frontend-build windows clean dist dist-linux dist-windows dist-macos dist-test deps-dist lint

## run: install what is missing, build, and launch Parley
run: build
	./$(BIN)/parley

## build: the production desktop binary in build/bin/parley
build: deps frontend-build
	$(GO) build -tags desktop,production$(WEBKIT_TAG) -ldflags "$(LDFLAGS)" -o $(BIN)/parley .

## dev: live development (Vite + Go rebuilds) through the pinned Wails CLI
dev: deps frontend-deps
	$(GO) tool wails dev $(if $(WEBKIT_TAG),-tags webkit2_41)

## test: every suite — go vet, Go tests with -race, frontend unit tests, end-to-end in Chromium and WebKitGTK,
## the release workflow's lint, then the release files built, linted and install-tested
test: deps-test vet test-go test-frontend test-e2e lint dist-test

deps:
	@bash build/scripts/install-deps.sh run

deps-test:
	@bash build/scripts/install-deps.sh test

deps-dist:
	@bash build/scripts/install-deps.sh dist

# npm ci only when the lock file changed since the last install.
$(FE)/node_modules/.package-lock.json: $(FE)/package-lock.json
	cd $(FE) && $(NPM) ci --no-audit --no-fund
	@touch $@
frontend-deps: $(FE)/node_modules/.package-lock.json

$(E2E)/node_modules/.package-lock.json: $(E2E)/package-lock.json
	cd $(E2E) && $(NPM) ci --no-audit --no-fund
	@touch $@
e2e-deps: $(E2E)/node_modules/.package-lock.json

frontend-build: frontend-deps
	cd $(FE) && $(NPM) run build

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -race -count=1 ./...

test-frontend: frontend-deps
	cd $(FE) && $(NPM) test

# The e2e suite drives the dev build (real Go bindings over a loopback
# websocket) and screenshots the production window; both under its own Xvfb.
test-e2e: build e2e-deps
	$(GO) build -tags dev$(WEBKIT_TAG) -o $(BIN)/parley-dev .
	$(GO) build -o $(BIN)/fakeopenai ./backend/llm/fakeopenai/cmd/fakeopenai
	$(GO) build -o $(BIN)/fakeportal ./backend/appearance/fakeportal/cmd/fakeportal
	cd $(E2E) && $(NPM) test

## bench: performance figures (never fails on time): Go benchmarks; start-up and memory against an
## empty Wails app under Xvfb; the UI in Chromium over 500 rooms and a 10,000-message room; the
## production window logged in to that account (memory against the empty app) and streaming a long reply
BENCH_SEED := $(BIN)/bench-seed
bench: deps frontend-build e2e-deps
	$(GO) test -run '^$$' -bench . -benchmem ./backend/...
	$(GO) build -tags desktop,production$(WEBKIT_TAG) -ldflags "$(LDFLAGS)" -o $(BIN)/parley .
	bash build/scripts/bench-app.sh $(BIN)/parley
	$(GO) build -tags dev$(WEBKIT_TAG) -o $(BIN)/parley-dev .
	$(GO) build -o $(BIN)/fakeopenai ./backend/llm/fakeopenai/cmd/fakeopenai
	rm -rf $(BENCH_SEED) && $(GO) run ./build/bench/seed -dir $(BENCH_SEED)
	cd $(E2E) && SEED_DIR=$(abspath $(BENCH_SEED)) node bench/ui.mjs
	cd $(E2E) && SEED_DIR=$(abspath $(BENCH_SEED)) node bench/window.mjs

## windows: cross-build the Windows app with its icon and manifest (no cgo needed)
windows: frontend-build
	$(GO) tool wails build -platform windows/amd64 -skipbindings -s -trimpath -ldflags "-X main.version=$(VERSION) -X main.releasesURL=$(RELEASES_URL)"

## dist: every release file this machine can build, in dist/ with SHA256SUMS: Linux .deb,
## .rpm and .tar.gz (WebKitGTK 4.0 and 4.1), the Windows installer and portable zip
dist: deps-dist frontend-build
	rm -rf dist
	VERSION=$(VERSION) bash build/package/dist.sh linux windows sums

# One platform each, for the release workflow's runners; dist-macos runs on a Mac only.
dist-linux: deps-dist frontend-build
	VERSION=$(VERSION) bash build/package/dist.sh linux
dist-windows: deps-dist frontend-build
	VERSION=$(VERSION) bash build/package/dist.sh windows
dist-macos: frontend-build
	VERSION=$(VERSION) bash build/package/dist.sh macos

## dist-test: lint what make dist built, check the Windows PE files and the checksums, and
## install the .deb, launch it under Xvfb and remove it (needs root or sudo)
dist-test: dist
	VERSION=$(VERSION) bash build/package/dist-test.sh

## lint: the release workflow (actionlint, pinned in go.mod) and the packaging scripts
lint: deps-dist
	$(GO) tool actionlint
	shellcheck build/package/*.sh

clean:
	rm -rf $(BIN) dist $(FE)/node_modules $(E2E)/node_modules $(E2E)/artifacts
	find $(FE)/dist -mindepth 1 ! -name gitkeep -delete
