"""Top-1 accuracy of a digits model's outputs against the held-out labels (numpy only).

    xopt run examples/digits/model.onnx --inputs examples/digits/test.npz -o out.npz
    python examples/digits/evaluate.py out.npz

OUTPUTS.npz holds the logits of every test sample, shape (N, 1, 10) as `xopt run` writes
a batch (any (N, ..., 10) layout works); it is read from key `logits`, or from the file's
only array. Labels come from `test_labels.npz` next to this script (key `labels`, int64,
in the same sample order as `test.npz`), or from --labels.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load_logits(path: str, key: str | None) -> np.ndarray:
    with np.load(path, allow_pickle=False) as data:
        if key is None:
            key = "logits" if "logits" in data.files or len(data.files) != 1 else data.files[0]
        if key not in data.files:
            sys.exit(f"{path}: no array '{key}' (has: {', '.join(data.files)})")
        return data[key]


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    if logits.shape[0] != labels.shape[0]:
        raise ValueError(f"{logits.shape[0]} outputs but {labels.shape[0]} labels")
    pred = logits.reshape(logits.shape[0], -1).argmax(axis=1)
    return float((pred == labels).mean())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outputs", help="OUTPUTS.npz with the model's logits for test.npz")
    ap.add_argument(
        "--labels",
        default=os.path.join(HERE, "test_labels.npz"),
        help="npz with key `labels` (default: test_labels.npz beside this script)",
    )
    ap.add_argument("--key", help="array to read from OUTPUTS.npz (default: logits)")
    args = ap.parse_args(argv)

    logits = load_logits(args.outputs, args.key)
    with np.load(args.labels, allow_pickle=False) as data:
        labels = data["labels"]
    try:
        acc = accuracy(logits, labels)
    except ValueError as e:
        sys.exit(f"{args.outputs}: {e}")
    correct = int(round(acc * len(labels)))
    print(f"accuracy {100 * acc:.2f}% ({correct}/{len(labels)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
