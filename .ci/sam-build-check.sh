#!/usr/bin/env bash
# Checks the SAM build metadata (template.yaml functions, Makefile, samconfig.toml) the way
# `sam build` would read it, since the SAM CLI is not installed here: .ci/sam_build_check.py.
#   .ci/sam-build-check.sh                      static checks only
#   .ci/sam-build-check.sh --build JvmFunction  also runs `make build-JvmFunction` into a fresh ARTIFACTS_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
# A Python 3.11+ with PyYAML: the one cfn-lint runs on (pyenv) has both; Debian's may lack yaml.
for py in python3 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[1-9]*/bin/python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import yaml, tomllib' >/dev/null 2>&1; then
    exec "$py" .ci/sam_build_check.py "$@"
  fi
done
echo "sam-build-check: no Python 3.11+ with PyYAML found (pip install pyyaml)" >&2
exit 1
