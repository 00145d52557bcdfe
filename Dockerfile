# The regkg CLI and API in one image; the compose file runs it against Neo4j (REGKG_NEO4J_URI).
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY regkg ./regkg
COPY loaders ./loaders
COPY graph ./graph
COPY api ./api
COPY visualizations ./visualizations
RUN pip install . && rm -rf build *.egg-info
COPY corpus ./corpus

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin regkg
USER regkg
ENV REGKG_HOME=/home/regkg/.local/share/regkg

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=4 \
  CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"
CMD ["regkg", "serve", "--host", "0.0.0.0", "--port", "8000"]
