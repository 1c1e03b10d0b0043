"""xopt dialects: one module (or package) per dialect, registered in xopt.universe."""
