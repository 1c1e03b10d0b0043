#!/usr/bin/env bash
# Create the virtualenv $1 (default .venv) and install xopt (editable) with its test extras.
# Debian packages the later targets need (cross toolchains, QEMU) are installed here too
# once those targets exist; the graph level needs only Python.
set -euo pipefail
venv=${1:-.venv}
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e ".[test]"
