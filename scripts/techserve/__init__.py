"""techserve: registry, checks and public site for S&T service programs."""

__version__ = "0.1.0"
