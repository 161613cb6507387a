"""Rendering content blocks into documents. Knows neither the model nor the board folder."""
