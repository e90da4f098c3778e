# Kring: `make run` serves the web app at http://127.0.0.1:8080; `make test` runs every test tier.
# Both install what is missing first (Debian packages, npm packages).

SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DB ?= sqlite:data/kring.db
LISTEN ?= 127.0.0.1:8080
DEMO_MEMBERS ?= 3000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APT_PACKAGES := build-essential cmake pkg-config git ca-certificates python3 \
  libboost1.81-dev libsqlite3-dev libpq-dev postgresql libxapian-dev nlohmann-json3-dev libspdlog-dev \
  libcli11-dev libsodium-dev libgtest-dev libgmock-dev libbenchmark-dev libzip-dev \
  iso-codes libtimezonemap-data chromium wrk nginx-light procps iproute2

.PHONY: all deps deps-apt deps-npm build build-native build-web run test test-build bench clean

all: build

# ---- dependencies --------------------------------------------------------------------------------
deps: deps-apt deps-npm

deps-apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if ! command -v node >/dev/null 2>&1; then missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-npm: web/node_modules/.package-lock.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ---- build ---------------------------------------------------------------------------------------
build: deps build-native build-web

build-native:
	@[ -f build/CMakeCache.txt ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build -j$(JOBS) --target kring

build-web: deps-npm
	cd web && npm run build --silent

# ---- run -----------------------------------------------------------------------------------------
run: build
	@if [ "$(DB)" = "sqlite:data/kring.db" ] && [ ! -f data/kring.db ]; then \
	  echo "First start: seeding $(DEMO_MEMBERS) demo members into data/kring.db"; \
	  build/kring seed --db "$(DB)" --members $(DEMO_MEMBERS) --seed 1 || { rm -f data/kring.db*; exit 1; }; \
	fi
	@echo "Kring at http://$(LISTEN)  (demo log-in: demo@kring.example / kring-demo-pass)"
	build/kring serve --db "$(DB)" --listen "$(LISTEN)"

# ---- test ----------------------------------------------------------------------------------------
# One build with AddressSanitizer + UndefinedBehaviorSanitizer serves every tier.
test-build: deps
	@[ -f build-san/CMakeCache.txt ] || cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DKRING_SANITIZE=ON -DKRING_BENCH=OFF
	cmake --build build-san -j$(JOBS)
	cd web && npm run build --silent

test: test-build
	tests/support/with-postgres.sh tests/run.sh build-san

# ---- bench ---------------------------------------------------------------------------------------
bench: build
	@[ -f build/CMakeCache.txt ] && cmake --build build -j$(JOBS)
	bench/run.sh

clean:
	rm -rf build build-san web/dist
