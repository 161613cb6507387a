"""The plugin machinery: hook specifications, the one plugin manager, and calling hooks with blame."""
