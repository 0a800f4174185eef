#!/usr/bin/env bash
# Known vulnerabilities in the locked dependencies: pip-audit --strict against PyPI's data.
# --strict: a package that cannot be looked up fails the check instead of passing silently.
#
# When PyPI's per-release JSON API (what pip-audit asks) does not answer from this machine,
# nothing can be audited: that is reported as such and fails, unless
# RENSTRA_AUDIT_UNREACHABLE=warn (set by .ci/run, whose machine has no route to it), which
# reports it loudly and goes on. It never reports "no known vulnerabilities" it did not check.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
.venv/bin/uv export --frozen --no-hashes --no-emit-project -q -o var/requirements-audit.txt

django=$(sed -n 's/^django==\([^ ;]*\).*/\1/p' var/requirements-audit.txt | head -1)
probe="https://pypi.org/pypi/django/${django}/json"
if ! .venv/bin/python - "$probe" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=20) as answer:
        sys.exit(0 if answer.status == 200 else 1)
except Exception as error:  # unreachable, 404 from a mirror, TLS: all mean "cannot audit"
    print(f"  {sys.argv[1]}: {error}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "pip-audit: PyPI's vulnerability API does not answer from this machine;" \
       "the dependencies were NOT audited." >&2
  if [ "${RENSTRA_AUDIT_UNREACHABLE:-fail}" = warn ]; then
    echo "pip-audit: RENSTRA_AUDIT_UNREACHABLE=warn: going on without the audit." >&2
    exit 0
  fi
  exit 1
fi
exec .venv/bin/pip-audit --strict --disable-pip --no-deps -r var/requirements-audit.txt
