"""Reading a board folder: the only code that touches it. Files with their locations, then typed objects."""
