# SPDX-License-Identifier: GPL-3.0-or-later
# The two commands (README): `make run` and `make test`. Everything else is a helper.
# Each target installs missing Debian packages first (scripts/setup.sh), then uses the
# CMake presets in CMakePresets.json.

WARNINGS_AS_ERRORS ?= $(if $(CI),ON,OFF)
CMAKE_ARGS ?=
CONFIGURE = cmake --preset $(1) -DTANDEM_WARNINGS_AS_ERRORS=$(WARNINGS_AS_ERRORS) $(CMAKE_ARGS) >/dev/null

.PHONY: all setup configure build run test asan-test valgrind soak soak-ci bench fuzz fuzz-ci package package-test screenshots format format-check ot-golden clean help

all: build

help:
	@echo "make run         install missing packages, build, start the desktop app"
	@echo "make test        install missing packages, build, run every test"
	@echo "make asan-test   the unit tests built with AddressSanitizer + UBSan"
	@echo "make valgrind    multi-client runs (hub + 5 clients, 2 desktop clients) under memcheck"
	@echo "make soak        50 clients, 10 notes, hub restarted every 5 min, SOAK_MINUTES (default 30)"
	@echo "make soak-ci     the same for 3 minutes, hub restarted at 45 s and 90 s (CI)"
	@echo "make bench       release build, run the benchmarks (docs/BENCHMARKS.md)"
	@echo "make fuzz        libFuzzer harnesses (clang, ASan+UBSan), FUZZ_SECONDS each (default 600)"
	@echo "make fuzz-ci     the same, 60 s each (CI)"
	@echo "make package     Linux .deb, .rpm and .tar.gz in build/package (packaging/README.md)"
	@echo "make package-test  build the packages, install the .deb, run and remove it (root)"
	@echo "make screenshots render the app's main states to docs/screenshots/*.png"
	@echo "make format      clang-format every C++ file in place"
	@echo "make ot-golden   regenerate tests/otjs/golden.json with ot.js from npm"

setup:
	@scripts/setup.sh

configure: setup
	@$(call CONFIGURE,default)

build: configure
	@cmake --build --preset default

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
	    echo "No display found (DISPLAY/WAYLAND_DISPLAY unset). Run 'xvfb-run make run' or set QT_QPA_PLATFORM." >&2; exit 1; fi
	@build/default/app/tandem

test: build
	@scripts/run-tests.sh build/default

asan-test: setup
	@$(call CONFIGURE,asan)
	@cmake --build --preset asan
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    scripts/run-tests.sh build/asan

valgrind: build
	@scripts/run-valgrind.sh build/default

SOAK_MINUTES ?= 30

soak: build
	@build/default/tests/soak/tandem-soak --minutes $(SOAK_MINUTES) --restart-minutes 5

soak-ci: build
	@build/default/tests/soak/tandem-soak --minutes 3 --restart-minutes 0.75 --restarts-until 1.5

bench: setup
	@$(call CONFIGURE,release)
	@cmake --build --preset release
	@scripts/run-benchmarks.sh build/release

FUZZ_SECONDS ?= 600

fuzz: setup
	@$(call CONFIGURE,fuzz)
	@cmake --build --preset fuzz --target fuzzers
	@scripts/run-fuzzers.sh build/fuzz $(FUZZ_SECONDS)

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

package: setup
	@$(call CONFIGURE,package)
	@cmake --build --preset package
	@cd build/package && cpack

package-test: package configure
	@cmake --build --preset default --target tandem-sync-probe
	@packaging/linux/package-test.sh build/package build/default/tests/app/tandem-sync-probe

screenshots: build
	@scripts/in-test-session.sh build/default/tests/ui/tandem-screenshots "$(CURDIR)/docs/screenshots"

format:
	@git ls-files '*.cpp' '*.h' | xargs -r clang-format -i

format-check:
	@git ls-files '*.cpp' '*.h' | xargs -r clang-format --dry-run --Werror

ot-golden:
	@command -v npm >/dev/null || { echo "make ot-golden needs node and npm (apt-get install nodejs npm)" >&2; exit 1; }
	@cd tests/otjs && npm install --no-audit --no-fund --silent && node generate.js > golden.json
	@echo "tests/otjs/golden.json regenerated"

clean:
	@rm -rf build
