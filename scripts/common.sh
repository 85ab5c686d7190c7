# Shell helpers of the bootstrap scripts (sourced, not run).

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# find_python VERSION: pyenv's Python VERSION (e.g. 3.8.18), or pythonMAJOR.MINOR on PATH.
find_python() {
  local version="$1" candidate
  if command -v pyenv >/dev/null 2>&1; then
    candidate="$(pyenv root)/versions/$version/bin/python"
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  fi
  for candidate in "$HOME/.pyenv/versions/$version/bin/python" "python${version%.*}"; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
  done
  echo "Python $version not found: install it with 'pyenv install $version'." >&2
  exit 1
}
