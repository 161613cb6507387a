"""Reading a board folder: files with their locations, then typed objects."""
