"""Building and checking a board: the pipeline end to end, worker processes and batches."""
