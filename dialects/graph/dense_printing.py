"""Fast printing of large dense attributes (weights) for `graph.constant`.

xDSL's generic dense printer unpacks every element into Python objects before choosing
between splat, list and hex forms, which costs seconds per 100 MB of weights. This prints
the same text (MLIR's syntax: `dense<v>` for splats, `dense<"0x...">` for more than 100
elements, an element list otherwise) deciding the form with numpy.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, IntegerType
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
