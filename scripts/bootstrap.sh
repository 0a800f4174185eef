#!/usr/bin/env bash
# Create .venv with Python >= 3.12 and install the locked dependencies (uv.lock).
# Idempotent and quick when nothing changed: the lock file's hash is stamped in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)/versions/$(cat .python-version)"*/bin/python)
  fi
  candidates+=(python3.13 python3.12 python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python)
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  echo "Python 3.12 or newer is needed (see .python-version)." >&2
  return 1
}

if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  rm -rf .venv
  "$(find_python)" -m venv .venv
fi

stamp=.venv/.renstra-lock-sha256
want=$(sha256sum uv.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  [ -x .venv/bin/uv ] || .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"
  UV_PROJECT_ENVIRONMENT=.venv UV_PYTHON_DOWNLOADS=never \
    .venv/bin/uv sync --frozen --quiet --python .venv/bin/python
  echo "$want" > "$stamp"
fi

# Compile the translation catalogues (.mo files are not committed) when a .po is newer than its .mo.
stale_mo=0
while IFS= read -r -d '' po; do
  if [ "$po" -nt "${po%.po}.mo" ]; then stale_mo=1; fi
done < <(find locale -name '*.po' -print0 2>/dev/null)
if [ "$stale_mo" = 1 ]; then
  DEBUG=1 .venv/bin/python manage.py compilemessages -v 0 --ignore=.venv
fi
