"""LDIE Desktop: edit a photo from a plain-language request."""

__version__ = "0.1.0"
