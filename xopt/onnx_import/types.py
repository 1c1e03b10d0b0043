"""Conversions between ONNX/numpy element types and xDSL tensor types and dense attributes."""

from __future__ import annotations

import numpy as np
import onnx
from xdsl.dialects.builtin import (
    BytesAttr,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    Signedness,
    TensorType,
    f16,
    f32,
    f64,
    i1,
    i8,
    i16,
    i32,
    i64,
)
from xdsl.ir import Attribute

_NUMPY_TO_XDSL: dict[np.dtype, Attribute] = {
    np.dtype(np.float32): f32,
    np.dtype(np.float64): f64,
    np.dtype(np.float16): f16,
    np.dtype(np.int64): i64,
    np.dtype(np.int32): i32,
    np.dtype(np.int16): i16,
    np.dtype(np.int8): i8,
    np.dtype(np.uint8): IntegerType(8, Signedness.UNSIGNED),
    np.dtype(np.bool_): i1,
}


def element_type_of(dtype: np.dtype) -> Attribute:
    try:
        return _NUMPY_TO_XDSL[np.dtype(dtype)]
    except KeyError:
        raise ValueError(f"element type {np.dtype(dtype)} is not supported") from None


def numpy_dtype_of(element: Attribute) -> np.dtype:
    """The numpy dtype that stores `element` (i1 is stored as bool)."""
    if isinstance(element, Float32Type):
        return np.dtype(np.float32)
    if isinstance(element, Float64Type):
        return np.dtype(np.float64)
    if isinstance(element, Float16Type):
        return np.dtype(np.float16)
    if isinstance(element, IntegerType):
        width = element.width.data
        if width == 1:
            return np.dtype(np.bool_)
        unsigned = element.signedness.data == Signedness.UNSIGNED
        return np.dtype(f"{'u' if unsigned else ''}int{width}")
    raise ValueError(f"element type {element} has no numpy equivalent")


def tensor_type_of(typ: onnx.TypeProto) -> TensorType | None:
    """The static tensor type of an ONNX value, or None when its shape is not static."""
    if not typ.HasField("tensor_type") or not typ.tensor_type.HasField("shape"):
        return None
    dims = typ.tensor_type.shape.dim
    if any(not d.HasField("dim_value") for d in dims):
        return None
    dtype = onnx.helper.tensor_dtype_to_np_dtype(typ.tensor_type.elem_type)
    return TensorType(element_type_of(dtype), [d.dim_value for d in dims])


def dense_attr(array: np.ndarray) -> DenseIntOrFPElementsAttr:
    """A dense attribute holding `array`'s bytes (little-endian, row-major), built without
    going through Python lists so that large weights stay cheap."""
    array = np.asarray(array)
    element = element_type_of(array.dtype)
    typ = TensorType(element, list(array.shape))
    data = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    if array.dtype == np.bool_:
        data = data.astype(np.int8)
    return DenseIntOrFPElementsAttr(typ, BytesAttr(data.tobytes()))


def array_of(attr: DenseIntOrFPElementsAttr) -> np.ndarray:
    """The numpy array held by a dense attribute (a read-only view of its bytes)."""
    dtype = numpy_dtype_of(attr.get_element_type())
    storage = np.int8 if dtype == np.bool_ else dtype
    array = np.frombuffer(attr.data.data, dtype=np.dtype(storage).newbyteorder("<"))
    return array.reshape(attr.get_shape()).astype(dtype, copy=False)
