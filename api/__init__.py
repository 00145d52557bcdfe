"""The HTTP API (FastAPI): `create_app()` builds it; `regkg serve` runs it with uvicorn."""
