"""Plugins that misbehave on purpose, loaded by name in worker processes (``lscb build -p``)."""
