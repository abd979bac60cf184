#!/usr/bin/env bash
# Installs everything Gyeonhak needs on a Debian/Ubuntu machine, idempotently.
#
#   scripts/setup.sh runtime   Debian packages for the app (Pango, fonts) + .venv
#   scripts/setup.sh test      the above + test packages (poppler, chromium, node/npm)
#                              + node_modules when package.json exists
#
# The second run takes well under a second: Debian packages are checked with one
# dpkg-query call, and `pip install -e '.[dev]'` only runs when the hash of
# pyproject.toml differs from the stamp in .stamps/.
#
# Environment:
#   PYTHON=python3.12   interpreter for the venv (default: first of python3,
#                       python3.13, python3.12, python3.11 that is >= 3.11)
#   SETUP_SKIP_APT=1    never touch Debian packages (only report what's missing)
set -euo pipefail

MODE="${1:-runtime}"
case "$MODE" in
    runtime|test) ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "usage: $0 [runtime|test]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV=.venv
STAMPS=.stamps
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$STAMPS"
# Several `make` invocations may share one work tree: serialise setup.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$STAMPS/.lock"
    flock 9
fi

# --------------------------------------------------------------------------
# Debian packages
# --------------------------------------------------------------------------
# Each entry: "pkg[|alternative...]". An entry is satisfied when any of its
# packages is installed (dpkg) or, for the entries in CMD_OK below, when the
# command it provides already works (e.g. a NodeSource nodejs that bundles npm
# conflicts with Debian's npm package, so we must not try to install it).
RUNTIME_PKGS=(
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz-subset0      # WeasyPrint subsets fonts with HarfBuzz; without it: fontTools, ~10 s per CJK page
    fontconfig
    fonts-noto-core
    fonts-noto-cjk
    fonts-noto-cjk-extra
    fonts-noto-color-emoji
)
TEST_PKGS=(
    poppler-utils            # pdftotext, pdffonts, pdftoppm
    zbar-tools               # zbarimg reads the QR code back from rendered PDF pages
    "chromium|chromium-browser"
    nodejs
    npm
)

# Command probes: entry -> shell test that, when true, means "already there".
declare -A CMD_OK=(
    [nodejs]='command -v node'
    [npm]='command -v npm'
    ["chromium|chromium-browser"]='command -v chromium || command -v chromium-browser'
)

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then SUDO=(sudo); else SUDO=(sudo -n); fi
else
    SUDO=(__no_sudo__)
fi

apt_run() {
    [ "${SUDO[0]:-}" = __no_sudo__ ] && die "not root and no sudo: install as root: apt-get install $*"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 "$@"
}

# Prints the entries of "$@" that are not satisfied.
missing_entries() {
    local -a names=() ; local entry p
    for entry in "$@"; do IFS='|' read -r -a alts <<<"$entry"; names+=("${alts[@]}"); done
    local installed
    installed="$(dpkg-query -W -f='${Package} ${Status}\n' "${names[@]}" 2>/dev/null \
                 | awk '$NF == "installed" && $(NF-1) == "ok" { sub(/:.*/, "", $1); print $1 }')" || true
    for entry in "$@"; do
        local ok=""
        IFS='|' read -r -a alts <<<"$entry"
        for p in "${alts[@]}"; do
            if grep -qxF "$p" <<<"$installed"; then ok=1; break; fi
        done
        if [ -z "$ok" ] && [ -n "${CMD_OK[$entry]:-}" ] && eval "${CMD_OK[$entry]}" >/dev/null 2>&1; then
            ok=1
        fi
        [ -n "$ok" ] || printf '%s\n' "$entry"
    done
}

has_candidate() {
    local cand
    cand="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
    [ -n "$cand" ] && [ "$cand" != "(none)" ]
}

APT_UPDATED=""
apt_update_once() {
    [ -n "$APT_UPDATED" ] && return 0
    say "apt-get update"
    apt_run update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
}

ensure_debs() {
    command -v dpkg-query >/dev/null 2>&1 || { say "no dpkg-query: not Debian/Ubuntu, skipping system packages"; return 0; }
    local -a missing
    mapfile -t missing < <(missing_entries "$@")
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ -n "${SETUP_SKIP_APT:-}" ]; then
        say "SETUP_SKIP_APT set; missing Debian packages: ${missing[*]}"
        return 0
    fi
    apt_update_once
    local -a install=() ; local entry p chosen
    for entry in "${missing[@]}"; do
        chosen=""
        IFS='|' read -r -a alts <<<"$entry"
        for p in "${alts[@]}"; do
            if has_candidate "$p"; then chosen="$p"; break; fi
        done
        [ -n "$chosen" ] || die "no Debian/Ubuntu package available for: ${entry//|/ or }"
        install+=("$chosen")
    done
    say "apt-get install ${install[*]}"
    apt_run install -y -qq --no-install-recommends "${install[@]}" >/dev/null \
        || die "apt-get install ${install[*]} failed"
}

# --------------------------------------------------------------------------
# Python virtualenv
# --------------------------------------------------------------------------
py_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

pick_python() {
    if [ -n "${PYTHON:-}" ]; then
        py_ok "$PYTHON" || die "PYTHON=$PYTHON is not a working Python >= 3.11"
        echo "$PYTHON"; return
    fi
    local c
    for c in python3 python3.13 python3.12 python3.11; do
        if command -v "$c" >/dev/null 2>&1 && py_ok "$c"; then echo "$c"; return; fi
    done
    die "Python >= 3.11 not found (install python3 or set PYTHON=...)"
}

ensure_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c \
         'import sys, pip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        return 0
    fi
    local py
    py="$(pick_python)"
    [ -e "$VENV" ] && { say "$VENV is broken, recreating"; rm -rf "$VENV"; }
    say "creating $VENV with $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
    if ! "$py" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        # Debian/Ubuntu's own python3 lacks ensurepip until python3-venv
        # (python3.X-venv) is installed; other interpreters (pyenv) don't need it.
        local ver
        ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        ensure_debs "python${ver}-venv|python3-venv"
        "$py" -m venv "$VENV" || die "'$py -m venv $VENV' failed"
    fi
    rm -f "$STAMPS"/pip-*
}

ensure_pip_packages() {
    local key stamp
    key="$(sha256sum < pyproject.toml | cut -c1-16)"
    stamp="$STAMPS/pip-$key"
    [ -f "$stamp" ] && return 0
    say "pip install -e '.[dev]' (pyproject.toml changed or first run)"
    # Errors still show; only the harmless notes about this machine's pip.conf
    # pointing at local wheel folders that lack a package are dropped.
    local rc
    set +e
    "$VENV/bin/python" -m pip install -q --progress-bar off -e '.[dev]' 2>&1 \
        | grep -v "^WARNING: Location '.*' is ignored: it is neither a file nor a directory" >&2
    rc="${PIPESTATUS[0]}"
    set -e
    [ "$rc" -eq 0 ] || die "pip install -e '.[dev]' failed (exit $rc)"
    rm -f "$STAMPS"/pip-*
    touch "$stamp"
}

# --------------------------------------------------------------------------
# Node packages (tests only)
# --------------------------------------------------------------------------
ensure_node_modules() {
    [ -f package.json ] || return 0
    local newest=package.json
    [ -f package-lock.json ] && [ package-lock.json -nt package.json ] && newest=package-lock.json
    if [ -d node_modules ] && [ ! "$newest" -nt node_modules ]; then
        return 0
    fi
    if [ -f package-lock.json ]; then
        say "npm ci"
        npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
    else
        say "npm install (no package-lock.json)"
        npm install --no-audit --no-fund --loglevel=error || die "npm install failed"
    fi
    touch node_modules
}

# --------------------------------------------------------------------------
ensure_debs "${RUNTIME_PKGS[@]}"
[ "$MODE" = test ] && ensure_debs "${TEST_PKGS[@]}"
ensure_venv
ensure_pip_packages
[ "$MODE" = test ] && ensure_node_modules
exit 0
