# connect_ops.interpreters - developer entry points.
#   make demo   provision interpreters into a throwaway container, configure Connect, print what it sees
#   make test   every test: unit + property, playbook integration, ansible-lint, ansible-test sanity, molecule
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ROOT := $(CURDIR)
# The collection must sit under ansible_collections/<ns>/<name> to be importable.
COLLECTIONS := $(ROOT)/build/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/connect_ops/interpreters
SANITY_ROOT ?= $(or $(TMPDIR),/tmp)/connect_ops_sanity
SANITY_DIR := $(SANITY_ROOT)/ansible_collections/connect_ops/interpreters
# pip and ansible-test trust only their own CA lists; behind a TLS-intercepting proxy point them at the OS store.
OS_CA_BUNDLE := $(firstword $(wildcard /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/ca-bundle.pem))
export PIP_CERT ?= $(OS_CA_BUNDLE)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PATH := $(ROOT)/$(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)

.PHONY: help
help:
	@echo "make demo      - build interpreters in a throwaway container and show Connect's view"
	@echo "make test      - run every test (what .ci/run runs)"
	@echo "make unit      - pytest unit, property and playbook integration tests"
	@echo "make lint      - ansible-lint --profile production"
	@echo "make sanity    - ansible-test sanity (offline-capable, --venv)"
	@echo "make docs-lint - antsibull-docs lint-collection-docs --plugin-docs"
	@echo "make docs      - the docs site (antsibull-docs + Sphinx, warnings as errors): build/docs/html"
	@echo "make ee        - the execution environment ansible-builder makes (build context, no image)"
	@echo "make core-newest - the ansible-facing tests and sanity under ansible-core 2.21 (Python 3.12+)"
	@echo "make molecule  - Molecule scenarios in Docker on Debian 12 (default, site, cluster)"
	@echo "make molecule-platforms - the platform scenario on Debian 11 and 13 (MOLECULE_PLATFORMS)"
	@echo "make resilience - power loss, Ctrl-C, two runs at once and a full disk, in real containers"
	@echo "make package-managers - python_build_deps against the real rpm, dnf and zypper and simulated repositories"
	@echo "make flake-hunt - the process- and timing-sensitive tests, 20 rounds under full CPU load"
	@echo "make bench     - python_build timings side by side with baselines (prints ratios)"
	@echo "make bench-fleet - the fleet view's aggregation for 1,000 hosts; artifacts through the controller against a store"
	@echo "make release-data - maintainers: refresh python.org's release cycle and the checksum table"

$(BIN)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

.PHONY: venv
venv: $(BIN)/.installed

$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../../.. $@

.PHONY: collection
collection: venv $(COLLECTION_LINK)

# The real gcfg parser (Go gopkg.in/gcfg.v1, the one Connect uses) is the tests' oracle;
# shellcheck checks the build scripts (tests and ansible-test's shellcheck sanity test).
.PHONY: oracle-deps
oracle-deps:
	@if ! command -v go >/dev/null || ! command -v shellcheck >/dev/null || ! command -v strace >/dev/null || ! command -v tinyproxy >/dev/null || [ ! -d /usr/share/gocode/src/gopkg.in/gcfg.v1 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-gopkg-gcfg.v1-dev git shellcheck strace tinyproxy >/dev/null; \
	fi

.PHONY: unit
unit: collection oracle
	PYTHONPATH=$(COLLECTIONS) $(BIN)/python -m pytest -n 2 tests/unit tests/integration

.PHONY: lint
lint: collection
	$(BIN)/ansible-lint --profile production

# ansible-test needs a clean copy of the tracked tree outside this git checkout, and a get-pip
# stand-in where ci-files.testing.ansible.com cannot be reached (see scripts/get_pip_bootstrap.py).
.PHONY: sanity
sanity: collection oracle-deps
	mkdir -p $(HOME)/.ansible/test/cache
	for v in 24_2 25_2; do [ -s $(HOME)/.ansible/test/cache/get_pip_$$v.py ] || cp scripts/get_pip_bootstrap.py $(HOME)/.ansible/test/cache/get_pip_$$v.py; done
	rm -rf $(SANITY_DIR) && mkdir -p $(SANITY_DIR)
	{ git ls-files --cached --others --exclude-standard; } | while read -r f; do [ -e "$$f" ] && printf '%s\n' "$$f"; done | tar -cf - -T - | tar -C $(SANITY_DIR) -xf -
	cd $(SANITY_DIR) && $(ROOT)/$(BIN)/ansible-test sanity --venv --python 3.11 --color no
	@# The modules run on managed hosts, where RHEL 8 users run Python 3.9: compile and import there.
	py39=""; for c in $$(ls -d $(HOME)/.pyenv/versions/3.9*/bin/python3.9 2>/dev/null) $$(command -v python3.9); do \
	  if "$$c" -c 'import sys' 2>/dev/null; then py39=$$c; break; fi; done; \
	if [ -z "$$py39" ]; then echo "sanity: Python 3.9 (a managed-node Python) is needed: put python3.9 on PATH (pyenv install 3.9)" >&2; exit 1; fi; \
	cd $(SANITY_DIR) && PATH=$$(dirname $$py39):$$PATH $(ROOT)/$(BIN)/ansible-test sanity --venv --python 3.9 --test compile --test import --color no

# The collection's docs as a docs build reads them (plugin docs included: filters are not checked
# by ansible-test), on a clean copy of the tracked tree.
DOCS_ROOT ?= $(or $(TMPDIR),/tmp)/connect_ops_docs
DOCS_DIR := $(DOCS_ROOT)/ansible_collections/connect_ops/interpreters
.PHONY: docs-lint
docs-lint: collection
	rm -rf $(DOCS_DIR) && mkdir -p $(DOCS_DIR)
	{ git ls-files --cached --others --exclude-standard; } | while read -r f; do [ -e "$$f" ] && printf '%s\n' "$$f"; done | tar -cf - -T - | tar -C $(DOCS_DIR) -xf -
	cd $(DOCS_DIR) && ANSIBLE_COLLECTIONS_PATH=$(DOCS_ROOT) $(ROOT)/$(BIN)/antsibull-docs lint-collection-docs --plugin-docs .
	@echo "docs-lint: antsibull-docs found no problem"

# The same suites under the newest ansible-core (2.21) on the newest Python 3.12+ found here.
.PHONY: core-newest
core-newest: collection oracle
	scripts/core-newest.sh

# The docs site (docs/site): every module, filter and role from their documentation, and a user
# guide made of the README's sections; Sphinx with warnings as errors. Own venv: Sphinx's pins
# must not move the test toolchain's.
DOCS_VENV ?= .venv-docs
$(DOCS_VENV)/.installed: requirements-docs.txt
	$(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/pip install --quiet -r requirements-docs.txt
	touch $@

.PHONY: docs
docs: collection $(DOCS_VENV)/.installed
	PATH=$(ROOT)/$(DOCS_VENV)/bin:$$PATH docs/site/build.sh

# The execution environment ansible-builder makes from meta/execution-environment.yml (no image).
.PHONY: ee
ee: venv
	PATH=$(ROOT)/$(BIN):$$PATH scripts/ee-check.sh

.PHONY: changelog-lint
changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# ---------------------------------------------------------------- containers and sources
CACHE_DIR ?= $(HOME)/.cache/connect_ops
MIRROR_DIR := $(CACHE_DIR)/mirror
MIRROR_PORT ?= 8765
# The suites that run beside `make molecule` in `make test` serve the mirror on ports of their own.
PLATFORMS_MIRROR_PORT ?= 8767
RESILIENCE_MIRROR_PORT ?= 8766
export CONNECT_OPS_MIRROR_PORT := $(MIRROR_PORT)
MOLECULE_DISTRO ?= debian12
# The test suites that compile the same plain builds again (Molecule default, site, upgrade,
# cluster; resilience) run on MOLECULE_IMAGE: on Debian 12 the image with ccache first on PATH
# (extensions/molecule/images/ccache.Dockerfile), its cache here on the host, shared by every
# container, suite and run; the platform scenario runs on NAME-ccache too, with a cache per
# platform. bench, demo and adoption use the plain images.
CCACHE_IMAGE_debian12 := debian12-ccache
MOLECULE_IMAGE_NAME ?= $(or $(CCACHE_IMAGE_$(MOLECULE_DISTRO)),$(MOLECULE_DISTRO))
export MOLECULE_IMAGE := connect-ops/$(MOLECULE_IMAGE_NAME)
export CONNECT_OPS_CCACHE := $(CACHE_DIR)/ccache
MIRROR_VERSIONS ?= 2.7.18 3.11.2 3.13.5 3.13.15

.PHONY: docker
docker:
	scripts/docker-engine.sh

.PHONY: test-image
test-image: docker
	scripts/build-image.sh $(MOLECULE_DISTRO)
	scripts/build-image.sh $(MOLECULE_IMAGE_NAME)
	mkdir -p $(CONNECT_OPS_CCACHE)

# Base images built with debootstrap (no registry needed); each is built once and then reused.
.PHONY: images
images: docker
	for d in debian11 debian12 debian13 debian11-ccache debian12-ccache debian13-ccache artifact-store; do scripts/build-image.sh $$d; done

.PHONY: mirror
mirror:
	scripts/source-mirror.sh $(MIRROR_DIR) $(MIRROR_VERSIONS)

# A file target: built once, never rewritten under a suite that is running it.
.PHONY: oracle
oracle: oracle-deps $(ROOT)/build/gcfg-oracle

$(ROOT)/build/gcfg-oracle: tests/oracle/gcfg_oracle.go
	cd tests/oracle && GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE=$(ROOT)/build/gocache go build -o $@.new gcfg_oracle.go
	mv $@.new $@

# Scenarios: default (python_build on three hosts in artifact mode, idempotence, faults,
# testinfra), site (site.yml end to end, retire.yml), upgrade (upgrade.yml from 3.13.5 to the
# newest 3.13, rebuilds and caches) and cluster (three nodes of one Connect cluster: rolling
# restarts, a refused rollout, drift in the fleet view) and store (an nginx WebDAV store: one builder
# publishes, ten hosts install from it; damage, a wrong password, file://). They share one artifact directory per
# run, which `molecule-default` starts afresh: each CPython version compiles once per
# `make molecule`, and the others install it. `make molecule-NAME` runs one scenario (after
# molecule-default, for the ones that install its artifacts).
MOLECULE_SCENARIOS ?= default site upgrade cluster store
export CONNECT_OPS_ARTIFACTS := $(ROOT)/build/molecule-artifacts
# The mirror port of each scenario (the ones that run beside another lane in `make test` have their own).
MOLECULE_PORT_cluster ?= 8768
.PHONY: molecule
molecule:
	for s in $(MOLECULE_SCENARIOS); do $(MAKE) --no-print-directory molecule-$$s || exit 1; done

molecule-default: MOLECULE_FRESH = rm -rf $(CONNECT_OPS_ARTIFACTS)
# The upgrade scenario's second monthly upgrade goes to a stand-in release the site adds with its
# sum: 3.13.15's source reporting 3.13.99, made once into the source mirror.
export CONNECT_OPS_MIRROR_DIR := $(MIRROR_DIR)
molecule-upgrade: MOLECULE_FRESH = scripts/standin-release.sh $(MIRROR_DIR) 3.13.15 3.13.99
# The store scenario: nginx (WebDAV, basic auth) serves $(CONNECT_OPS_STORE_DIR) on its own port.
export CONNECT_OPS_STORE_DIR := $(ROOT)/build/molecule-store
export CONNECT_OPS_STORE_PORT ?= 8781
molecule-store: MOLECULE_FRESH = scripts/build-image.sh artifact-store && mkdir -p $(CONNECT_OPS_STORE_DIR)
molecule-%: collection docker mirror oracle test-image
	$(MOLECULE_FRESH)
	port=$(or $(MOLECULE_PORT_$*),$(MIRROR_PORT)); \
	CONNECT_OPS_MIRROR_PORT=$$port scripts/serve-mirror.sh $(MIRROR_DIR) $$port $(ROOT)/$(BIN)/molecule test -s $*

# The platform scenario (one version compiled, idempotence, testinfra) on the other Debian releases
# whose images build here; MOLECULE_PLATFORMS="rockylinux9 ..." runs it where images can be pulled.
# The role's default build (PGO) is checked on MOLECULE_PGO_PLATFORMS; the others build plain.
# `make platform-NAME` runs one; each has its own Molecule state directory and mirror port, so two
# platforms can run at once (make test runs them in different lanes). On the Debian releases the
# scenario runs on NAME-ccache with a cache of its own ($(CACHE_DIR)/ccache-NAME: another gcc):
# a PGO build's instrumented compile is then a copy; its optimized compile reads this run's
# profile and is compiled again. PLATFORM_IMAGE=NAME runs it on the plain image.
MOLECULE_PLATFORMS ?= debian11 debian13
MOLECULE_PGO_PLATFORMS ?= debian13
PLATFORM_PORT_debian13 ?= 8769
.PHONY: molecule-platforms
molecule-platforms:
	for d in $(MOLECULE_PLATFORMS); do $(MAKE) --no-print-directory platform-$$d || exit 1; done

# Molecule runs modules pipelined (extensions/molecule/config.yml), except on
# MOLECULE_UNPIPELINED_PLATFORMS: there they travel as temporary files, and become goes through
# sudo under the platform scenario's umask 027.
MOLECULE_UNPIPELINED_PLATFORMS ?= debian11
PLATFORM_CCACHE_IMAGES := debian11 debian12 debian13
platform-%: collection docker mirror
	image=$(or $(PLATFORM_IMAGE),$(if $(filter $*,$(PLATFORM_CCACHE_IMAGES)),$*-ccache,$*)); \
	scripts/build-image.sh $$image && mkdir -p $(CACHE_DIR)/ccache-$*; \
	optimize=false; case " $(MOLECULE_PGO_PLATFORMS) " in *" $* "*) optimize=true ;; esac; \
	pipelining=true; case " $(MOLECULE_UNPIPELINED_PLATFORMS) " in *" $* "*) pipelining=false ;; esac; \
	port=$(or $(PLATFORM_PORT_$*),$(PLATFORMS_MIRROR_PORT)); \
	MOLECULE_DISTRO=$* MOLECULE_PLATFORM_IMAGE=connect-ops/$$image CONNECT_OPS_CCACHE=$(CACHE_DIR)/ccache-$* \
	  MOLECULE_OPTIMIZE=$$optimize MOLECULE_PIPELINING=$$pipelining MOLECULE_EPHEMERAL_DIRECTORY=$(ROOT)/build/molecule-state/platform-$* \
	  CONNECT_OPS_MIRROR_PORT=$$port scripts/serve-mirror.sh $(MIRROR_DIR) $$port $(ROOT)/$(BIN)/molecule test -s platform

# A new project outside the repository installs the built tarball and runs site.yml and report.yml
# against a container, installing what `make molecule` compiled (run it after molecule).
.PHONY: adoption
adoption: collection docker mirror
	scripts/build-image.sh $(MOLECULE_DISTRO)
	scripts/serve-mirror.sh $(MIRROR_DIR) $(MIRROR_PORT) scripts/adoption-test.sh

# Interruptions in real containers (tests/docker): power loss at three phases, Ctrl-C and an
# immediate rerun, two runs at once, a small install root. Plain builds of 3.11.2.
.PHONY: resilience
resilience: collection docker mirror test-image
	CONNECT_OPS_MIRROR_PORT=$(RESILIENCE_MIRROR_PORT) scripts/serve-mirror.sh $(MIRROR_DIR) $(RESILIENCE_MIRROR_PORT) $(ROOT)/$(BIN)/python -m pytest -p no:xdist -p no:cacheprovider -s -v tests/docker/test_interruptions.py

# python_build_deps against the real rpm, dnf and zypper (Debian 12's builds) and simulated rpm-md
# repositories: Rocky 8 and 9, RHEL 9, openSUSE Leap 15 and SLES 15 (tests/docker/pkgsim); and
# bootstrap.yml on a Debian 12 container whose Python was removed.
.PHONY: package-managers
package-managers: collection docker
	scripts/build-image.sh debian12
	scripts/build-image.sh el-tools
	scripts/build-image.sh suse-tools
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 -v tests/docker/test_package_managers.py tests/docker/test_bootstrap.py

# python_build_artifact against real servers: nginx with WebDAV and basic auth (in a container),
# and a GET/PUT-only server (a raw repository without MOVE); and python_build publishing two
# builders' archives on the controller through community.docker's connection (rename only).
.PHONY: artifact-store-client
artifact-store-client: collection docker
	scripts/build-image.sh debian12
	scripts/build-image.sh artifact-store
	PYTHONPATH=$(COLLECTIONS) $(BIN)/python -m pytest -p no:cacheprovider -v tests/docker/test_artifact_store.py tests/docker/test_controller_publish.py

# The process- and timing-sensitive tests (the job budget, process groups, the build scripts'
# locks and interruptions, the artifact store's races) FLAKE_ROUNDS times under stress-ng on every
# core; fails on any failure. Run it before a change to these areas lands (scripts/flake-hunt.sh).
.PHONY: flake-hunt
flake-hunt: collection oracle docker
	scripts/build-image.sh debian12
	scripts/build-image.sh artifact-store
	scripts/flake-hunt.sh

.PHONY: bench
bench: collection docker mirror
	scripts/build-image.sh $(MOLECULE_DISTRO)
	scripts/build-image.sh debian13
	MIRROR_VERSIONS="$(MIRROR_VERSIONS)" scripts/serve-mirror.sh $(MIRROR_DIR) $(MIRROR_PORT) $(ROOT)/$(BIN)/python tests/bench/bench.py
	PYTHONPATH=$(COLLECTIONS) $(BIN)/python tests/bench/fleet.py

# The fleet view's aggregation (report.yml's controller step) for 1,000 hosts.
.PHONY: bench-fleet
# The fleet view's aggregation for 1,000 hosts; then BENCH_STORE_HOSTS hosts installing one
# artifact through the controller against the same hosts fetching it from a store (nginx, WebDAV).
bench-fleet: collection docker mirror
	PYTHONPATH=$(COLLECTIONS) $(BIN)/python tests/bench/fleet.py
	scripts/build-image.sh debian12
	scripts/build-image.sh artifact-store
	scripts/serve-mirror.sh $(MIRROR_DIR) $(MIRROR_PORT) $(ROOT)/$(BIN)/python tests/bench/fleet_store.py

# The run-time section of make bench alone: per series (BENCH_RUNTIME_SERIES="3.11 3.13"), the
# role's default build (PGO + LTO), its plain build and the distribution's own interpreter of the
# same version on a fixed workload set, in one container (3.11.2 on Debian 12, 3.13.5 on Debian 13).
.PHONY: bench-runtime
bench-runtime: collection docker mirror
	scripts/build-image.sh debian12
	scripts/build-image.sh debian13
	scripts/serve-mirror.sh $(MIRROR_DIR) $(MIRROR_PORT) $(ROOT)/$(BIN)/python tests/bench/runtime.py

# Maintainers: refresh the release data the collection ships, in one command, from python.org's
# own machine-readable sources kept in scripts/release-data-sources/ (see its README): it downloads python.org's
# release cycle and its downloads API's source release files there (RELEASE_DATA_OFFLINE=1: uses
# what is there), then builds plugins/module_utils/cpython/{cpython_checksums,release_cycle}.py and
# build/release-data.json (the file a site serves as python_build_release_data) from that
# directory alone. Review the diff, add a changelog fragment.
RELEASE_DATA_OFFLINE ?=
.PHONY: release-data
release-data:
	@if [ -z "$(RELEASE_DATA_OFFLINE)" ]; then python3 scripts/release-data.py fetch scripts/release-data-sources; fi
	mkdir -p build
	python3 scripts/release-data.py build scripts/release-data-sources build/release-data.json
	git diff --stat -- scripts/release-data-sources plugins/module_utils/cpython/release_cycle.py plugins/module_utils/cpython/cpython_checksums.py

.PHONY: demo
demo: collection docker mirror
	scripts/build-image.sh $(MOLECULE_DISTRO)
	scripts/serve-mirror.sh $(MIRROR_DIR) $(MIRROR_PORT) scripts/demo.sh

# Every suite (scripts/run-suites.sh), ending with a table of each one's wall time and the total.
# `setup` first (venvs, Docker engine, images, source mirror, the gcfg oracle: what every suite
# needs), then two lanes at once:
#   1. the Molecule scenarios on Debian 12 (each later one installs what default and site
#      compiled; upgrade compiles its stand-in release for the second month; store publishes
#      default's 3.11.2 to nginx), the adoption test (the README's quick start, installing their
#      artifacts), then the platform scenario on Debian 11 (plain, not pipelined);
#   2. the Python and docs suites, sanity, the store client against real servers (its own ports
#      and containers; setup built its image), the package managers, the platform scenario on
#      Debian 13 (PGO + LTO) and resilience (its compiles of 3.11.2 are the default scenario's,
#      from ccache).
# The table's cpu column says how busy both CPUs were while each suite ran. Debian 11 ends lane 1:
# on 2026-12-06 (fresh clone, 57m48s) lane 1 ended at 48m28s and lane 2 ran alone for 9 minutes.
# Two lanes, not more: on 2 cores a third lane of compiles made every configure seven times slower
# (measured 2026-12-02: 170 s against 23 s) and the whole run longer. Suites of one lane never
# share a container, a port or a work directory with the other lane's.
TEST_FIRST ?= setup
TEST_LANES ?= "molecule-default molecule-site molecule-upgrade molecule-cluster molecule-store adoption platform-debian11 artifact-store-client" "unit lint changelog-lint docs-lint docs ee sanity core-newest package-managers platform-debian13 resilience"
.PHONY: test
test:
	scripts/run-suites.sh --first "$(TEST_FIRST)" $(TEST_LANES)

.PHONY: setup
setup: collection docker images mirror oracle

.PHONY: clean
clean:
	rm -rf build $(SANITY_ROOT) tests/output
