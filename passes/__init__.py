"""xopt passes: one module per pass, file name = pass name with underscores."""
