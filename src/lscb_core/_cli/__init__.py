"""The ``lscb`` command line."""
