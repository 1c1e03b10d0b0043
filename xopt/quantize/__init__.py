"""Post-training quantization support: `calibration` runs a graph-level model over a
calibration set and records statistics of every float tensor (exact min/max, per-channel
means, a bounded subsample of the values), cached on disk by model and data; `ranges` turns
those statistics into clipping ranges, (scale, zero point) pairs and per-channel weight
scales with the min/max, percentile or MSE-optimal methods."""
