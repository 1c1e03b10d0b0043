"""The C kernels' parameter structs (`runtime_c/xopt_kernels.h`) as data, and as ctypes.

`STRUCTS` lists each struct's fields in declaration order with a field kind: `i32` an
int32_t, `f32` a float, `*i8` / `*i32` / `*f32` a const pointer to an array of that element
type (None is NULL), `**xopt_requant` / `**i8` an array of pointers to requant structs /
int8 arrays (None entries are NULL, and None for the whole field is NULL), and a struct
name for an embedded struct. A kernel call's parameters are a dict keyed by these field
names (`kernel_params`); this module turns one into a ctypes struct for the host library,
`c_program` into a C initializer. The header is the definition; a test compiles a C file
that checks every field's offset against the ctypes layout.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

_REQUANT = ["multiplier:*i32", "shift:*i32", "real:*f32", "zero_point", "lo", "hi"]
_RESIZE = [
    *["channels", "in_h", "in_w", "out_h", "out_w", "linear"],
    *["y_low:*i32", "y_high:*i32", "y_w1:*i32", "y_w2:*i32"],
    *["x_low:*i32", "x_high:*i32", "x_w1:*i32", "x_w2:*i32"],
    "x_zero_point",
    "requant:xopt_requant",
    *["y_d1:*f32", "y_d2:*f32", "x_d1:*f32", "x_d2:*f32", "in_scale:f32", "out_scale:f32"],
]


def _fields(specs: list[str]) -> list[tuple[str, str]]:
    return [tuple(s.split(":")) if ":" in s else (s, "i32") for s in specs]


_ACTIVATION = "activation:xopt_activation_f32"
FLOAT_STRUCTS: dict[str, list[tuple[str, str]]] = {
    "xopt_activation_f32": _fields(["kind", "alpha:f32", "beta:f32"]),
    "xopt_unary_f32_params": _fields(["count", _ACTIVATION]),
    "xopt_binary_f32_params": _fields(
        ["op", "rank", "shape:*i32", "a_strides:*i32", "b_strides:*i32", _ACTIVATION]
    ),
    "xopt_gather_f32_params": _fields(["rank", "shape:*i32", "offsets:*i32", "fill:f32"]),
    "xopt_reduce_mean_f32_params": _fields(
        [
            *["kept_rank", "kept_shape:*i32", "kept_strides:*i32"],
            *["reduced_rank", "reduced_shape:*i32", "reduced_strides:*i32", "count:f32"],
        ]
    ),
    "xopt_lrn_f32_params": _fields(
        ["outer", "channels", "inner", "size", "before", "bias:f32", "alpha_over_size:f32"]
        + ["beta:f32"]
    ),
    "xopt_conv2d_f32_params": _fields(
        [
            *["in_c", "in_h", "in_w", "out_c", "out_h", "out_w", "kernel_h", "kernel_w"],
            *["stride_h", "stride_w", "dilation_h", "dilation_w", "pad_top", "pad_left"],
            *["groups", "weight:*f32", "bias:*f32", _ACTIVATION],
        ]
    ),
    "xopt_matmul_f32_params": _fields(
        ["rows", "inner", "cols", "weight:*f32", "alpha:f32", "addend:*f32", _ACTIVATION]
    ),
}
"""The float layers' structs (xopt_float.c), activation first (others embed it)."""

STRUCTS: dict[str, list[tuple[str, str]]] = {
    "xopt_requant": _fields(_REQUANT),
    "xopt_conv2d_params": _fields(
        [
            *["in_c", "in_h", "in_w", "out_c", "out_h", "out_w", "kernel_h", "kernel_w"],
            *["stride_h", "stride_w", "dilation_h", "dilation_w", "pad_top", "pad_left"],
            *["groups", "x_zero_point", "w_zero_point:*i32", "weight:*i8", "bias:*i32"],
            "requant:xopt_requant",
        ]
    ),
    "xopt_fully_connected_params": _fields(
        [
            *["rows", "in_features", "out_features", "x_zero_point", "w_zero_point:*i32"],
            *["weight:*i8", "bias:*i32", "requant:xopt_requant"],
        ]
    ),
    "xopt_pool2d_params": _fields(
        [
            *["channels", "in_h", "in_w", "out_h", "out_w", "kernel_h", "kernel_w"],
            *["stride_h", "stride_w", "pad_top", "pad_left", "pad_bottom", "pad_right"],
            *["count_include_pad", "x_zero_point", "requant:xopt_requant"],
            *["float_rounding", "x_scale:f32", "y_scale:f32"],
        ]
    ),
    "xopt_global_avgpool_params": _fields(
        ["channels", "size", "x_zero_point", "requant:xopt_requant"]
    ),
    "xopt_add_params": _fields(
        [
            *["count", "left_shift", "a_zero_point", "b_zero_point"],
            *["a_rescale:xopt_requant", "b_rescale:xopt_requant", "requant:xopt_requant"],
            *["float_rounding", "a_real:f32", "b_real:f32", "offset:f32"],
        ]
    ),
    "xopt_mul_params": _fields(
        ["count", "b_count", "a_zero_point", "b_zero_point", "requant:xopt_requant"]
    ),
    "xopt_requantize_params": _fields(["count", "x_zero_point", "requant:xopt_requant"]),
    "xopt_table_params": _fields(["count", "x_qmin", "values:*i8"]),
    "xopt_quantize_params": _fields(["channels", "inner", "scale:f32", "zero_point", "lo", "hi"]),
    "xopt_softmax_params": _fields(
        [
            *["outer", "axis", "inner", "exp_fixed:*i32", "exp_float:*f32", "output_shift"],
            *["factor:f32", "zero_point", "lo", "hi"],
        ]
    ),
    "xopt_concat_params": _fields(
        [
            *["num_inputs", "outer", "inner", "axis_sizes:*i32", "x_zero_points:*i32"],
            *["requant:**xopt_requant", "tables:**i8"],
        ]
    ),
    "xopt_resize_params": _fields(_RESIZE),
    "xopt_argmax_params": _fields(["outer", "axis", "inner", "select_last", "index_bytes"]),
    "xopt_resize_argmax_params": _fields(
        ["resize:xopt_resize_params", "select_last", "index_bytes"]
    ),
    "xopt_copy_params": _fields(
        [
            *["shape:*i32", "in_offset", "in_strides:*i32", "out_offset", "out_strides:*i32"],
            *["fill", "fill_value", "out_size"],
        ]
    ),
    "xopt_interleave_params": _fields(["channels", "out_h", "out_w", "factor_h", "factor_w"]),
    "xopt_tile_reduce_layer": _fields(  # xopt_tile.h
        [
            *["fully_connected", "in_c", "in_h", "in_w", "out_c", "out_h", "out_w"],
            *["kernel_h", "kernel_w", "stride_h", "stride_w", "dilation_h", "dilation_w"],
            *["pad_top", "pad_left", "groups", "in_chunk", "chunks", "x_zero_point"],
            "w_zero_point:*i32",
            "requant:xopt_requant",
        ]
    ),
    **FLOAT_STRUCTS,
}

ARRAY_DTYPES = {"*i8": np.int8, "*i32": np.int32, "*f32": np.float32}
"""numpy dtype of each pointer field kind's array."""
_CTYPES = {"i8": ctypes.c_int8, "i32": ctypes.c_int32, "f32": ctypes.c_float}


POINTER_ARRAYS = ("**xopt_requant", "**i8")
"""Field kinds that are arrays of pointers."""


def _ctype(kind: str) -> Any:
    if kind in _CTYPES:
        return _CTYPES[kind]
    if kind in ARRAY_DTYPES:
        return ctypes.POINTER(_CTYPES[kind[1:]])
    if kind == "**xopt_requant":
        return ctypes.POINTER(ctypes.POINTER(CTYPES_STRUCTS["xopt_requant"]))
    if kind == "**i8":
        return ctypes.POINTER(ctypes.POINTER(ctypes.c_int8))
    return CTYPES_STRUCTS[kind]


CTYPES_STRUCTS: dict[str, type[ctypes.Structure]] = {}
for _name, _specs in STRUCTS.items():  # in dependency order: embedded structs come first
    CTYPES_STRUCTS[_name] = type(
        _name, (ctypes.Structure,), {"_fields_": [(f, _ctype(k)) for f, k in _specs]}
    )


def check_fields(struct: str, values: dict[str, Any]) -> None:
    """Raise ValueError unless `values` has exactly the fields of `struct`."""
    expected = [f for f, _ in STRUCTS[struct]]
    if sorted(expected) != sorted(values):
        missing = sorted(set(expected) - set(values))
        extra = sorted(set(values) - set(expected))
        raise ValueError(f"{struct}: missing fields {missing}, unknown fields {extra}")


def to_ctypes(struct: str, values: dict[str, Any], keep: list) -> ctypes.Structure:
    """`values` as a ctypes `struct`; arrays it points to are appended to `keep`, which must
    outlive every use of the result."""
    check_fields(struct, values)
    out = CTYPES_STRUCTS[struct]()
    for field, kind in STRUCTS[struct]:
        value = values[field]
        if kind == "i32":
            setattr(out, field, int(value))
        elif kind == "f32":
            setattr(out, field, float(value))
        elif kind in ARRAY_DTYPES:
            if value is not None:
                setattr(out, field, _array(value, kind, keep))
        elif kind in POINTER_ARRAYS:
            if value is not None:
                setattr(out, field, _pointer_array(kind, value, keep))
        else:
            setattr(out, field, to_ctypes(kind, value, keep))
    return out


def _array(value, kind: str, keep: list) -> Any:
    arr = np.ascontiguousarray(value, dtype=ARRAY_DTYPES[kind])
    keep.append(arr)
    return arr.ctypes.data_as(_ctype(kind))


def _pointer_array(kind: str, entries, keep: list) -> Any:
    """A ctypes array of pointers to the (non-None) `entries`."""
    element = _ctype(kind)._type_
    pointers = (element * len(entries))()
    for i, entry in enumerate(entries):
        if entry is None:
            continue
        if kind == "**i8":
            pointers[i] = _array(entry, "*i8", keep)
        else:
            rq = to_ctypes("xopt_requant", entry, keep)
            keep.append(rq)
            pointers[i] = ctypes.pointer(rq)
    keep.append(pointers)
    return pointers
