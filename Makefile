# xopt developer entry points. `make demo` and `make test` set everything up themselves.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: help setup demo test test-fast filecheck pytest lint format bench bench-quant bench-tile bench-c-kernels bench-neon-kernels bench-subbyte bench-model clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh $(VENV)
	touch $(STAMP)

setup: $(STAMP) ## create the virtualenv and install xopt with its test extras

demo: $(STAMP) ## import, run and check the example model end to end
	bash scripts/demo.sh

test: $(STAMP) lint filecheck pytest ## the whole test suite (what CI runs)

filecheck: $(STAMP) ## golden IR tests (lit + filecheck)
	$(VENV)/bin/lit -v tests/filecheck

pytest: $(STAMP) ## unit, property and end-to-end tests
	$(PY) -m pytest tests

lint: $(STAMP) ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## apply ruff formatting and safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP) ## benchmarks, printed as tables
	$(PY) benchmarks/resnet50_import_run.py

bench-quant: $(STAMP) ## xopt PTQ against onnxruntime's quantize_static, as a table
	$(PY) benchmarks/quantization_vs_onnxruntime.py

bench-tile: $(STAMP) ## DRAM traffic of planned MobileNetV2s against SRAM size, and its plot
	$(PY) benchmarks/tiling_dram_traffic.py

bench-c-kernels: $(STAMP) ## executed aarch64 instructions per MAC of the portable C kernels (qemu)
	$(PY) benchmarks/c_kernels_icount.py

bench-neon-kernels: $(STAMP) ## NEON sdot kernels against the portable ones, instructions per layer (qemu)
	$(PY) benchmarks/neon_kernels_icount.py

bench-subbyte: $(STAMP) ## sub-byte GEMMs: unpack-to-sdot against bit-serial, instructions per MAC (qemu)
	$(PY) benchmarks/subbyte_kernels_icount.py

bench-model: $(STAMP) ## MobileNetV2-0.5: NEON vs portable C vs onnxruntime instructions per inference (qemu)
	$(PY) benchmarks/model_icount.py

clean: ## remove build outputs (keeps the virtualenv)
	rm -rf build out .pytest_cache .hypothesis
