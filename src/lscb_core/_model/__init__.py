"""The domain model: frozen attrs classes, one module per concept, and the one cattrs converter. No I/O."""
