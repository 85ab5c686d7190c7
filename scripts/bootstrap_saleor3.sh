#!/usr/bin/env bash
# Prepare what the Saleor 3 tests and demo need: a Python 3.12 virtualenv with Saleor 3's
# locked packages, the project's test tools and the project itself, Saleor 3's source tree
# importable from it, PostgreSQL with the database, and Redis for Celery.
# Safe to run again: it reuses what exists.
#
# Saleor 3 is on no package registry and is never downloaded: SALEOR3_SRC (required) names
# a Saleor 3 source tree (a folder holding manage.py and saleor/) or a .tar.gz of one,
# e.g. SALEOR3_SRC=../shared/hosts/saleor-3.23.28.tar.gz. An archive is unpacked once into
# .saleor3/src/<sha256 of the archive>/ and again only when the archive changes.
#
# Settings: SALEOR3_SRC, LOYALTY_SALEOR3_VENV (default .venv-saleor3), DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/saleor_loyalty_saleor3: never the Saleor 2
# database), LOYALTY_REDIS_URL. Prints the Saleor tree's path on stdout (logs go to stderr).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LOYALTY_SALEOR3_VENV:-$ROOT/.venv-saleor3}"
LOCK="$ROOT/requirements-saleor3.lock"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saleor_loyalty_saleor3}"

# The project's own test needs on Saleor 3, pinned with everything they pull in that Saleor's
# lock lacks (installed with --no-deps beside the lock; `pip check` below proves the set whole).
# pytest, pytest-django, pytest-xdist and playwright as in setup.cfg's test extra; import-linter 2.0, the
# last that also runs on Python 3.8, so both hosts check the contracts with one version;
# freezegun as in Saleor 3's dev group; psycopg2 because the tests' database fixtures and
# scripts/ensure_services.py use it (Django and Saleor 3 keep using psycopg 3); tqdm, the
# project's own requirement that Saleor 3 does not bring.
EXTRA_PINS='
setuptools==80.10.2
pytest==8.3.5
iniconfig==2.1.0
pluggy==1.5.0
pytest-django==4.11.1
pytest-xdist==3.6.1
execnet==2.1.1
freezegun==1.5.5
playwright==1.48.0
greenlet==3.1.1
pyee==12.0.0
import-linter==2.0
grimp==3.4.1
psycopg2-binary==2.9.10
tqdm==4.67.1
'

# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"
die() { printf '\033[1;31mbootstrap_saleor3: %s\033[0m\n' "$*" >&2; exit 1; }


# A Saleor 3 tree: manage.py, saleor/settings.py and saleor/__init__.py with a 3.x __version__.
saleor_version() {
  sed -n 's/^__version__ *= *["'"'"']\([^"'"'"']*\)["'"'"'].*/\1/p' "$1/saleor/__init__.py" 2>/dev/null | head -1
}
check_tree() {
  local tree="$1" what="$2" version
  [ -f "$tree/manage.py" ] && [ -f "$tree/saleor/settings.py" ] && [ -f "$tree/saleor/__init__.py" ] \
    || die "$what is not a Saleor source tree: it holds no manage.py, saleor/settings.py and saleor/__init__.py${3:-" (in $tree)"}."
  version="$(saleor_version "$tree")"
  case "$version" in
    3.*) ;;
    *) die "$what is not a Saleor 3 tree (saleor/__init__.py says __version__ = '${version:-?}')." ;;
  esac
}

# --- Saleor 3's source tree -----------------------------------------------------------
[ -n "${SALEOR3_SRC:-}" ] || die "SALEOR3_SRC is not set. Point it at a Saleor 3 source tree (a folder
holding manage.py and saleor/) or a .tar.gz of one, e.g.
  SALEOR3_SRC=$ROOT/../shared/hosts/saleor-3.23.28.tar.gz $0"
[ -e "$SALEOR3_SRC" ] || die "SALEOR3_SRC=$SALEOR3_SRC does not exist."

if [ -d "$SALEOR3_SRC" ]; then
  TREE="$(cd "$SALEOR3_SRC" && pwd)"
  check_tree "$TREE" "SALEOR3_SRC=$SALEOR3_SRC"
else
  case "$SALEOR3_SRC" in
    *.tar.gz|*.tgz) ;;
    *) die "SALEOR3_SRC=$SALEOR3_SRC is neither a folder nor a .tar.gz archive." ;;
  esac
  archive_sha="$(sha256sum "$SALEOR3_SRC" | cut -d' ' -f1)"
  SRC_DIR="$ROOT/.saleor3/src"
  TREE="$SRC_DIR/$archive_sha"
  if [ ! -f "$TREE/.unpacked" ]; then
    log "Unpacking $SALEOR3_SRC into .saleor3/src/$archive_sha"
    mkdir -p "$SRC_DIR"
    scratch="$(mktemp -d "$SRC_DIR/.unpack.XXXXXX")"
    trap 'rm -rf "$scratch"' EXIT
    tar -xzf "$SALEOR3_SRC" -C "$scratch" || die "could not unpack $SALEOR3_SRC."
    # The tree is the archive's root or its single top-level folder (saleor-3.23.28/).
    top="$scratch"
    if [ ! -f "$top/manage.py" ]; then
      set -- "$scratch"/*/manage.py
      [ $# -eq 1 ] && [ -f "$1" ] && top="$(dirname "$1")"
    fi
    check_tree "$top" "The archive SALEOR3_SRC=$SALEOR3_SRC" " at its root or in one top-level folder"
    rm -rf "$TREE"
    mv "$top" "$TREE"
    touch "$TREE/.unpacked"
    rm -rf "$scratch"
    trap - EXIT
    # Trees unpacked from earlier versions of an archive are replaced, not kept.
    for old in "$SRC_DIR"/*; do
      [ "$old" = "$TREE" ] || { log "Removing the stale tree $old"; rm -rf "$old"; }
    done
  fi
fi
SALEOR3_VERSION="$(saleor_version "$TREE")"
lock_version="$(sed -n '1s/^# Saleor \([0-9.]*\).*/\1/p' "$LOCK")"
if [ -n "$lock_version" ] && [ "$lock_version" != "$SALEOR3_VERSION" ]; then
  log "Warning: the tree is Saleor $SALEOR3_VERSION, requirements-saleor3.lock is Saleor $lock_version's."
fi

# --- The virtualenv -----------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "Creating the Python 3.12 virtualenv in $VENV"
  "$(find_python 3.12.1)" -m venv "$VENV"
fi
venv_version="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[ "$venv_version" = "3.12" ] || die "$VENV holds Python $venv_version, not 3.12: remove it or set LOYALTY_SALEOR3_VENV."

lock_id="$({ cat "$LOCK" "$ROOT/setup.cfg" "$ROOT/pyproject.toml"; echo "$EXTRA_PINS"; } | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$VENV/.lock-id" 2>/dev/null)" != "$lock_id" ]; then
  log "Installing Saleor 3's locked packages, the test tools and the project"
  pip_install() { "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@"; }
  started=$SECONDS
  pip_install --no-deps -r "$LOCK" -r /dev/stdin <<<"$EXTRA_PINS"
  pip_install --no-deps -e "$ROOT"
  "$VENV/bin/python" -m pip check --disable-pip-version-check >&2 \
    || die "the installed packages do not fit together (pip check above)."
  log "Packages installed in $((SECONDS - started)) s"
  echo "$lock_id" > "$VENV/.lock-id"
fi

# Saleor 3 is not a package: the tree itself goes on the virtualenv's path.
site_packages="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
pth="$site_packages/saleor3_src.pth"
if [ "$(cat "$pth" 2>/dev/null)" != "$TREE" ]; then
  log "Saleor $SALEOR3_VERSION from $TREE"
  echo "$TREE" > "$pth"
fi
imported="$(cd / && "$VENV/bin/python" -c 'import saleor; print(saleor.__version__)')" \
  || die "the virtualenv cannot import saleor from $TREE."
[ "$imported" = "$SALEOR3_VERSION" ] \
  || die "the virtualenv imports Saleor $imported, not the tree's $SALEOR3_VERSION (another saleor installed?)."

# --- PostgreSQL and Redis -------------------------------------------------------------------
"$VENV/bin/python" "$ROOT/scripts/ensure_services.py"

echo "$TREE"
