"""Publishing safely: the public view, small-number suppression and statutory coverage."""
