"""The graph side of regkg: the schema, the in-memory graph built from facts, its exports, Cypher and the stores."""
