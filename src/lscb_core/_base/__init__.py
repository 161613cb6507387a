"""Shared leaves: findings and locations, content blocks, quantity types, errors, style names."""
