"""Reference executors (numpy) for the IR levels."""
