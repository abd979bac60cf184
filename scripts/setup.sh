#!/usr/bin/env bash
# Installs everything Gyeonhak needs on a Debian/Ubuntu machine, idempotently.
#
#   scripts/setup.sh runtime   Debian packages for the app (Pango, fonts) + .venv with the
#                              locked runtime packages
#   scripts/setup.sh dev       the above + the locked `dev` extra (pytest, ruff, mypy, ...)
#   scripts/setup.sh test      the dev setup + test packages (poppler, chromium, node/npm)
#                              + node_modules from package-lock.json (`npm ci`)
#   scripts/setup.sh bench     the dev setup + the load generator of bench/ (wrk)
#   scripts/setup.sh lock [ARGS]  re-resolve uv.lock with the pinned uv: `uv lock ARGS`
#                              (`make lock`; `make upgrade` passes --upgrade)
#
# Python packages come from uv.lock only: uv (pinned with hashes in
# scripts/uv-requirements.txt) runs `uv sync --frozen` into .venv, which installs exactly
# the locked versions, checks their hashes and removes anything else. Once the dev extra
# is in .venv, `runtime` keeps it (so `make run` after `make test` doesn't uninstall it).
#
# The second run takes well under a second: Debian packages are checked with one
# dpkg-query call, uv's version with `uv --version`, uv.lock against pyproject.toml and
# .venv against uv.lock by uv itself (milliseconds when nothing changed), node_modules
# against a stamp of the hash of package.json + package-lock.json in .stamps/.
#
# Environment:
#   PYTHON=python3.12   interpreter for the venvs (default: the one .venv has, else the
#                       first of python3, python3.13, python3.12, python3.11 that is >= 3.11)
#   SETUP_SKIP_APT=1    never touch Debian packages (only report what's missing)
set -euo pipefail

MODE="${1:-runtime}"
[ "$#" -gt 0 ] && shift
case "$MODE" in
    runtime|dev|test|bench) [ "$#" -eq 0 ] || { echo "usage: $0 $MODE" >&2; exit 2; } ;;
    lock) ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "usage: $0 [runtime|dev|test|bench|lock [UV-LOCK-ARGS]]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV=.venv
STAMPS=.stamps
TOOLS=.tools
UV="$TOOLS/uv/bin/uv"
UV_REQUIREMENTS=scripts/uv-requirements.txt
# How uv.lock is resolved (`lock` below) and checked (before every sync): PyPI only, no
# user or system uv.toml, so every machine agrees with the lock that was committed.
UV_LOCK_ARGS=(--no-config --default-index https://pypi.org/simple)
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
    postgresql-client        # pg_dump / pg_restore for `python -m visits backup|restore`
)
BENCH_PKGS=(
    wrk                      # HTTP load for bench/calendar_slots.py
)
TEST_PKGS=(
    poppler-utils            # pdftotext, pdffonts, pdftoppm
    zbar-tools               # zbarimg reads the QR code back from rendered PDF pages
    "chromium|chromium-browser"
    nodejs
    npm
)
BENCH_PKGS=(
    wrk                      # bench/api_http.py: an HTTP load generator faster than the server
)

# Command probes: entry -> shell test that, when true, means "already there".
declare -A CMD_OK=(
    [nodejs]='command -v node'
    [postgresql-client]='command -v pg_dump && command -v pg_restore'
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
# Python: the pinned uv, then .venv synced to uv.lock
# --------------------------------------------------------------------------
py_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

pick_python() {
    if [ -n "${PYTHON:-}" ]; then
        py_ok "$PYTHON" || die "PYTHON=$PYTHON is not a working Python >= 3.11"
        command -v "$PYTHON"; return
    fi
    local c
    for c in python3 python3.13 python3.12 python3.11; do
        if command -v "$c" >/dev/null 2>&1 && py_ok "$c"; then command -v "$c"; return; fi
    done
    die "Python >= 3.11 not found (install python3 or set PYTHON=...)"
}

# make_pip_venv PYTHON DIR: a venv with pip (for the uv bootstrap).
make_pip_venv() {
    local py="$1" dir="$2" ver
    rm -rf "$dir"
    if ! "$py" -m venv "$dir" >/dev/null 2>&1; then
        rm -rf "$dir"
        # Debian/Ubuntu's own python3 lacks ensurepip until python3-venv
        # (python3.X-venv) is installed; other interpreters (pyenv) don't need it.
        ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        ensure_debs "python${ver}-venv|python3-venv"
        "$py" -m venv "$dir" || die "'$py -m venv $dir' failed"
    fi
}

# uv, exactly the version and wheel hashes of scripts/uv-requirements.txt, in its own venv.
ensure_uv() {
    local want have
    want="$(sed -n 's/^uv==\([^ ]*\).*/\1/p' "$UV_REQUIREMENTS")"
    [ -n "$want" ] || die "no uv==VERSION line in $UV_REQUIREMENTS"
    have="$("$UV" --version 2>/dev/null | awk '{ print $2 }')" || true
    [ "$have" = "$want" ] && return 0
    say "installing uv $want into $TOOLS/uv (pip --require-hashes)"
    make_pip_venv "$(pick_python)" "$TOOLS/uv"
    # Errors still show; only the harmless notes about this machine's pip.conf
    # pointing at local wheel folders that lack a package are dropped.
    local rc
    set +e
    "$TOOLS/uv/bin/python" -m pip install -q --progress-bar off --require-hashes \
        --only-binary :all: --no-deps -r "$UV_REQUIREMENTS" 2>&1 \
        | grep -v "^WARNING: Location '.*' is ignored: it is neither a file nor a directory" >&2
    rc="${PIPESTATUS[0]}"
    set -e
    [ "$rc" -eq 0 ] || { rm -rf "$TOOLS/uv"; die "installing uv $want failed (exit $rc)"; }
    have="$("$UV" --version 2>/dev/null | awk '{ print $2 }')" || true
    [ "$have" = "$want" ] || die "$UV reports version '$have', expected $want"
}

# uv.lock may only name PyPI: packages from its simple index, files from its file host,
# and the project itself (editable "."). A local find-links folder, path, git or other
# index (e.g. from UV_* variables when it was made) is refused.
check_lock_sources() {
    local bad
    bad="$(grep -nE '(source|url|path|git|directory|registry|editable|virtual) = ' uv.lock \
           | grep -vE '^[0-9]+:source = \{ (registry = "https://pypi\.org/simple"|editable = "\.") \}' \
           | grep -vE '^[0-9]+:    \{ name = "[^"]+"(, version = "[^"]+", source = \{ registry = "https://pypi\.org/simple" \})?(, extra = \[[^]]*\])?(, marker = "[^"]*")? \},?$' \
           | grep -vE '^[0-9]+:(sdist = |    )\{ url = "https://files\.pythonhosted\.org/[^"]+", hash = "sha256:[0-9a-f]{64}"' \
           )" || true
    [ -z "$bad" ] && return 0
    printf '%s\n' "$bad" | head -20 >&2
    die "uv.lock refers to something other than PyPI (lines above)"
}

lock() {
    ensure_uv
    export UV_PYTHON_DOWNLOADS=never
    unset UV_FROZEN UV_LOCKED
    say "uv lock ${UV_LOCK_ARGS[*]} $*"
    "$UV" lock "${UV_LOCK_ARGS[@]}" "$@"
    check_lock_sources
    git diff --stat -- uv.lock 2>/dev/null || true
    say "uv.lock is a deliberate commit: run 'make test' on it, then commit it"
}

# .venv = uv.lock: the runtime packages, plus the dev extra for dev/test (and for
# runtime once a dev/test setup has put it there).
ensure_python_packages() {
    local with_dev="$1"
    [ -f uv.lock ] || die "uv.lock is missing: run 'make lock' and commit it"
    export UV_PROJECT_ENVIRONMENT="$ROOT/$VENV"   # not wherever the caller's env points
    export UV_PYTHON_DOWNLOADS=never              # use this machine's Python, never download one
    unset UV_FROZEN UV_LOCKED UV_NO_SYNC UV_NO_DEV UV_NO_INSTALL_PROJECT UV_NO_EDITABLE
    # `--frozen` installs uv.lock as it is; check first that it still matches pyproject.toml
    # (offline, from the lock alone), so a dependency edited without `make lock` is noticed.
    check_lock_sources
    if ! "$UV" lock --check --offline "${UV_LOCK_ARGS[@]}" >/dev/null 2>&1; then
        die "uv.lock does not match pyproject.toml: run 'make lock', then 'make test', and commit uv.lock" \
            "(details: $UV lock --check ${UV_LOCK_ARGS[*]})"
    fi
    local -a args=(sync --frozen)
    [ -n "$with_dev" ] && touch "$STAMPS/with-dev"
    [ -f "$STAMPS/with-dev" ] && args+=(--extra dev)
    if [ -e "$VENV" ] && ! py_ok "$VENV/bin/python"; then
        say "$VENV is broken, recreating"
        rm -rf "$VENV"
    elif [ -e "$VENV" ] && ! grep -q '^uv = ' "$VENV/pyvenv.cfg" 2>/dev/null; then
        # Made by the former `pip install -e .` setup: uv would keep its pip and setuptools
        # beside the lock, so start again (from uv's cache: seconds).
        say "$VENV was not made by uv, recreating it from uv.lock"
        rm -rf "$VENV" gyeonhak.egg-info
    fi
    # A new .venv (or PYTHON=...) gets the interpreter picked here; otherwise uv keeps
    # the one .venv has.
    if [ ! -e "$VENV" ] || [ -n "${PYTHON:-}" ]; then
        args+=(--python "$(pick_python)")
    fi
    # uv lists what it changes (" + babel==2.19.0", " - babel==2.18.0"); into a new .venv
    # that is everything, so only its count is shown. "Nothing to do" summaries are dropped.
    local quiet='^(Resolved|Audited|Checked) [0-9]+ packages? in '
    [ -e "$VENV" ] || quiet="$quiet|^ [+] "
    local rc
    set +e
    "$UV" "${args[@]}" 2>&1 | grep -Ev "$quiet" | sed 's/^/setup: /' >&2
    rc="${PIPESTATUS[0]}"
    set -e
    [ "$rc" -eq 0 ] || die "uv ${args[*]} failed (exit $rc)"
}

# --------------------------------------------------------------------------
# Node packages (tests only)
# --------------------------------------------------------------------------
ensure_node_modules() {
    [ -f package.json ] || return 0
    [ -f package-lock.json ] \
        || die "package-lock.json is missing: run 'npm install --package-lock-only' and commit it"
    local key stamp
    key="$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
    stamp="$STAMPS/npm-$key"
    [ -d node_modules ] && [ -f "$stamp" ] && return 0
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
    rm -f "$STAMPS"/npm-*
    touch "$stamp"
}

# --------------------------------------------------------------------------
rm -f "$STAMPS"/pip-*                       # stamps of the former pip-based setup
if [ "$MODE" = lock ]; then
    lock "$@"
    exit 0
fi
ensure_debs "${RUNTIME_PKGS[@]}"
[ "$MODE" = test ] && ensure_debs "${TEST_PKGS[@]}"
[ "$MODE" = bench ] && ensure_debs "${BENCH_PKGS[@]}"
ensure_uv
case "$MODE" in
    runtime) ensure_python_packages "" ;;
    *)       ensure_python_packages dev ;;
esac
[ "$MODE" = test ] && ensure_node_modules
exit 0
