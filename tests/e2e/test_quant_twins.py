"""The quant twins of the decomposition and argmax ops end to end.

(a) Export: each new quant op exported to ONNX (QDQ around the graph ops' node chains) runs in
    onnxruntime and gives the quant executor's stored integers / class map exactly (linear
    resize_argmax with `rounding = "float"`, the mode that reproduces onnxruntime's Resize).
(b) A small segmentation model (dilated Conv -> ConvTranspose -> bilinear Resize x2 -> ArgMax
    over 21 classes) quantized with and without the issue's rewrites. Quantization parameters
    are shared by construction: ConvTranspose has no integer form, so the reference is the
    model with `decompose-conv-transpose` applied (which xopt needs to run it in integers at
    all); `decompose-dilated-conv` before quantization keeps every tensor's parameters (the
    phases take their interleave's type, the phase convs the whole conv's bias correction),
    and `fuse-resize-argmax` / `decompose-argmax` run on the quantized IR (all of which
    `xopt quantize` does itself by default). The argmax maps
    must be identical, in both rounding modes. Fusing the resize at the graph level before
    quantizing is measured, not asserted equal: its resized type is the input's (the resize
    output is never calibrated), so near-ties round differently.
"""

from __future__ import annotations

import contextlib
import io
import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from xopt.executor.run import run_sample
from xopt.ir_io import load_module, parse_mlir
from xopt.onnx_export import export_module
from xopt.quantize.annotate import ActivationOptions
from xopt.quantize.driver import (
    FallbackOptions,
    GraphRewrites,
    QuantizeOptions,
    apply_passes,
    quantize_model,
)

CASES = os.path.join(os.path.dirname(__file__), "quant_twins")
EXPORT_CASES = ("argmax_stages", "movement", "resize_argmax")
"""Modules in `CASES` (one per op family), exported and run in onnxruntime."""


@pytest.mark.parametrize("case", EXPORT_CASES)
def test_export_runs_in_onnxruntime_and_matches_executor(case):
    path = os.path.join(CASES, f"{case}.mlir")
    with open(path) as f:
        module = parse_mlir(f.read(), path)
    model = export_module(module, case).model
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    port = session.get_inputs()[0]
    rng = np.random.default_rng(0)
    dtype = np.uint8 if port.type == "tensor(uint8)" else np.int8
    for _ in range(5):
        # Few distinct levels: many ties for the argmax forms.
        x = (rng.integers(-3, 4, size=port.shape) * 9 + (128 if dtype == np.uint8 else 0)).astype(
            dtype
        )
        ours = run_sample(module, [x])
        theirs = session.run(None, {port.name: x})
        for a, b in zip(ours, theirs, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


# (b) segmentation model -------------------------------------------------------------------

CLASSES = 21


def _segmentation_model(path) -> None:
    rng = np.random.default_rng(0)
    arrays = {
        "w1": rng.normal(0, 0.3, (8, 3, 3, 3)),
        "b1": rng.normal(0, 0.1, 8),
        "w2": rng.normal(0, 0.2, (8, CLASSES, 4, 4)),
        "b2": rng.normal(0, 0.1, CLASSES),
        "scales": np.array([1, 1, 2, 2]),
    }
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], dilations=[2, 2], pads=[2, 2, 2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node(
            "ConvTranspose", ["r1", "w2", "b2"], ["up1"], strides=[2, 2], pads=[1, 1, 1, 1]
        ),
        helper.make_node(
            "Resize",
            ["up1", "", "scales"],
            ["up2"],
            mode="linear",
            coordinate_transformation_mode="half_pixel",
        ),
        helper.make_node("ArgMax", ["up2"], ["seg"], axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "segmentation",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("seg", TensorProto.INT64, [1, 32, 32])],
        [numpy_helper.from_array(a.astype(np.float32), n) for n, a in arrays.items()],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)


@pytest.fixture(scope="module")
def segmentation(tmp_path_factory):
    root = tmp_path_factory.mktemp("segmentation")
    _segmentation_model(str(root / "model.onnx"))
    rng = np.random.default_rng(1)
    np.savez(root / "calib.npz", x=rng.normal(0, 1, (16, 1, 3, 8, 8)).astype(np.float32))
    tests = rng.normal(0, 1, (6, 1, 3, 8, 8)).astype(np.float32)
    return root, tests


def _quantized(root, graph_passes: str, rounding: str, rewrites: bool = False):
    """The model quantized after `graph_passes`; with `rewrites`, `xopt quantize`'s own
    graph-optimize rewrites (decompositions before, fusions after quantization) too."""
    module = load_module(str(root / "model.onnx"))
    # The float rewrites quantization starts from first, so that the decompositions see
    # fused activations (quantize_model repeats them; they then change nothing).
    if graph_passes:
        apply_passes(module, f"fold-batchnorm,fuse-activation,canonicalize,{graph_passes}")
    options = QuantizeOptions(
        rounding=rounding,
        activations=ActivationOptions(range_method="minmax"),
        rewrites=GraphRewrites(enabled=rewrites, argmax_group=8 if rewrites else 0),
    )
    with contextlib.redirect_stderr(io.StringIO()):
        return quantize_model(
            module, str(root / "calib.npz"), options, FallbackOptions(), cache_dir=str(root)
        )


def _maps(module, tests) -> np.ndarray:
    return np.stack([run_sample(module, [t])[0].astype(np.int64).reshape(-1) for t in tests])


def _op_names(module) -> set[str]:
    return {op.name for op in module.walk()}


@pytest.mark.parametrize("rounding", ["fixed_point", "float"])
def test_rewritten_segmentation_model_gives_identical_maps(segmentation, rounding):
    root, tests = segmentation
    reference = _quantized(root, "decompose-conv-transpose{pad_in_conv=true}", rounding)
    optimized = _quantized(root, "", rounding, rewrites=True)
    assert {"quant.resize", "quant.argmax"} <= _op_names(reference)
    names = _op_names(optimized)
    assert {"quant.phase_slice", "quant.interleave", "quant.insert_zeros"} <= names
    assert "quant.resize_argmax" in names and "quant.resize" not in names
    assert not any(name.startswith("graph.") and name != "graph.constant" for name in names)
    np.testing.assert_array_equal(_maps(optimized, tests), _maps(reference, tests))


def test_graph_level_fusion_is_quantized_with_the_input_type(segmentation):
    """fuse-resize-argmax before quantization: quant.resize_argmax with resized = its input's
    type. Not the calibrated resize type, so the map differs at near-ties; measured."""
    root, tests = segmentation
    passes = (
        "decompose-conv-transpose{pad_in_conv=true},decompose-dilated-conv,"
        "fuse-resize-argmax,decompose-argmax"
    )
    fused = _quantized(root, passes, "fixed_point")
    reference = _quantized(root, "decompose-conv-transpose{pad_in_conv=true}", "fixed_point")
    ops = [op for op in fused.walk() if op.name == "quant.resize_argmax"]
    assert len(ops) == 1 and ops[0].resized == ops[0].input.type.get_element_type()
    agreement = np.mean(_maps(fused, tests) == _maps(reference, tests))
    assert agreement > 0.9
