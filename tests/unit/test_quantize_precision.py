"""Per-layer precision: config files (TOML, JSON), --layer options, and their errors."""

from __future__ import annotations

import pytest

from xopt.errors import UsageError, XoptError
from xopt.quantize.precision import (
    Precision,
    PrecisionConfig,
    load_config,
    parse_precision,
)

LAYERS = [("conv1", "conv2d"), ("conv2", "conv2d"), ("fc", "gemm"), ("pool", "global_avgpool")]


def test_defaults_op_types_layers_and_options_in_order(tmp_path):
    path = tmp_path / "q.toml"
    path.write_text(
        'weight_bits = 4\nact_bits = 8\n[op_types]\nGemm = "w8"\n'
        '[layers]\nconv2 = "w2a4"\nfc = "fp32"\n'
    )
    config = load_config(str(path)).with_layer_options(["conv1=w8a8"])
    resolved = config.resolve(LAYERS)
    assert resolved == {
        "conv1": Precision(8, 8),
        "conv2": Precision(2, 4),
        "fc": Precision(8, 8, fallback=True),
        "pool": Precision(4, 8),
    }
    assert str(resolved["conv2"]) == "w2a4" and str(resolved["fc"]) == "fp32"


def test_json_config_and_command_line_defaults(tmp_path):
    path = tmp_path / "q.json"
    path.write_text('{"layers": {"fc": "a4"}, "ranges": {"conv1": "percentile"}}')
    config = load_config(str(path)).with_defaults(4, None)
    assert config.resolve(LAYERS)["fc"] == Precision(4, 4)
    assert config.ranges == {"conv1": "percentile"}


@pytest.mark.parametrize(
    "text,message",
    [
        ("w3a8", "unsupported x: weight bit width 3; use one of 2, 4, 8"),
        ("w8a16", "unsupported x: activation bit width 16"),
        ("int8", "x: bad precision 'int8'; write e.g. w4a8, w8, a4 or fp32"),
    ],
)
def test_bad_precision(text, message):
    with pytest.raises(XoptError, match=message.replace("(", r"\(")):
        parse_precision(text, "x")


def test_config_naming_a_missing_layer(tmp_path):
    path = tmp_path / "q.toml"
    path.write_text('[layers]\nconv9 = "w4a8"\n')
    with pytest.raises(XoptError, match="names layer 'conv9', which the model does not have"):
        load_config(str(path)).resolve(LAYERS)


def test_config_naming_a_missing_op_type(tmp_path):
    path = tmp_path / "q.toml"
    path.write_text('[op_types]\nLSTM = "w4a8"\n')
    with pytest.raises(XoptError, match="names op type 'LSTM'"):
        load_config(str(path)).resolve(LAYERS)


@pytest.mark.parametrize(
    "content,message",
    [
        ("weight_bits = 3\n", "unsupported .*weight bit width 3"),
        ("bits = 8\n", "unknown setting 'bits'"),
        ("[layers\n", "not valid TOML"),
        ('[ranges]\nconv1 = "entropy"\n', "range method 'entropy' for conv1"),
    ],
)
def test_bad_config_files(tmp_path, content, message):
    path = tmp_path / "q.toml"
    path.write_text(content)
    with pytest.raises(XoptError, match=message):
        load_config(str(path))


def test_layer_option_without_equals_is_a_usage_error():
    with pytest.raises(UsageError, match="expected NAME=PRECISION"):
        PrecisionConfig().with_layer_options(["conv1"])
