"""Small shared helpers with no Qt and no torch."""
