"""regkg: Chinese regulations turned into a knowledge graph of who must do what, about what, and where."""

__version__ = "0.2.0"
