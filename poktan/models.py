"""Models of the poktan app."""
