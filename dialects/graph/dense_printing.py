"""Fast printing of large dense attributes (weights), and the `{value = dense<...>} : type`
syntax that `graph.constant` and `quant.constant` share.

xDSL's generic dense printer unpacks every element into Python objects before choosing
between splat, list and hex forms, which costs seconds per 100 MB of weights. This prints
the same text (MLIR's syntax: `dense<v>` for splats, `dense<"0x...">` for more than 100
elements, an element list otherwise) deciding the form with numpy.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, IntegerType
from xdsl.ir import Operation
from xdsl.parser import Parser
from xdsl.printer import Printer

HEX_THRESHOLD = 100
"""More elements than this print as a hex blob, as in xDSL's own printer."""


def print_dense(printer: Printer, attr: DenseIntOrFPElementsAttr) -> None:
    """Print `attr` exactly as xDSL would, without unpacking large payloads."""
    from xopt.onnx_import.types import array_of

    count = int(np.prod(attr.get_shape()))
    if count <= HEX_THRESHOLD:
        printer.print_attribute(attr)
        return
    array = array_of(attr).reshape(-1)
    element = attr.get_element_type()
    printer.print_string("dense<")
    if count and np.array_equal(array, np.full_like(array, array[0])):
        value = array[0].item()
        if isinstance(element, IntegerType):
            printer.print_int(int(value), element)
        else:
            printer.print_float(float(value), element)
    else:
        printer.print_string(f'"0x{attr.data.data.hex().upper()}"')
    printer.print_string("> : ")
    printer.print_attribute(attr.type)


def parse_constant(cls: type[Operation], parser: Parser) -> Operation:
    """`{value = dense<...>, other attributes} : result-type`, `value` a dense property."""
    attrs = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    result_type = parser.parse_type()
    value = attrs.pop("value", None)
    if not isinstance(value, DenseIntOrFPElementsAttr):
        parser.raise_error(f"{cls.name} needs a dense `value` attribute")
    return cls.create(properties={"value": value}, attributes=attrs, result_types=[result_type])


def print_constant(op: Operation, printer: Printer) -> None:
    """The syntax `parse_constant` reads, with the value printed by `print_dense`."""
    value = op.properties["value"]
    assert isinstance(value, DenseIntOrFPElementsAttr)
    printer.print_string(" {value = ")
    print_dense(printer, value)
    for name, attr in op.attributes.items():
        printer.print_string(f", {name} = ")
        printer.print_attribute(attr)
    printer.print_string("} : ")
    printer.print_attribute(op.results[0].type)
