"""factcheck: extract the figures in news articles, normalize them and check them against reference data."""

__version__ = "0.1.0"
__all__ = ["__version__"]
