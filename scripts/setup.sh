#!/usr/bin/env bash
# Create the virtualenv $1 (default .venv) and install xopt (editable) with its test extras,
# then the Debian packages the C targets need (scripts/setup_toolchains.sh).
set -euo pipefail
venv=${1:-.venv}
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e ".[test]"
bash "$(dirname "$0")/setup_toolchains.sh"
