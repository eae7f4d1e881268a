"""crs-assistant: the product's front ends and persistence. The only package importing Textual."""

__version__ = "0.1.0"
