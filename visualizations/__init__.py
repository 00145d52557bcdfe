"""Views of the graph (pyvis pages) for analysts."""
