"""The one place configuration lives.

Every component receives a ``Settings`` instance from the app factory or the CLI; nothing reads
environment variables on its own, so tests can build apps with different settings side by side.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_knowledge_dir() -> Path:
    here = Path("knowledge")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "knowledge"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOMECARE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the embedded database and the vector index live.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; default is SQLite at DATA_DIR/homecare.db. "
        "PostgreSQL: postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    base_url: str = Field("http://127.0.0.1:8000", description="Public base URL; FHIR links use BASE_URL/fhir.")
    auth: bool = Field(False, description="Require a bearer token on /fhir and /api (off in development).")
    auth_tokens: list[str] = Field(default_factory=list, description="Accepted bearer tokens when AUTH is on.")
    host: str = Field("127.0.0.1", description="Address `homecare serve` binds to.")
    port: int = Field(8000, description="Port `homecare serve` listens on.")
    max_body_bytes: int = Field(16 * 1024 * 1024, description="Largest request body accepted (413 above).")
    max_redact_chars: int = Field(
        20_000, description="Longest text /assistant/redact accepts (413 above); cost grows with the length."
    )
    max_bundle_entries: int = Field(10_000, description="Largest transaction/batch Bundle accepted (413 above).")
    default_page_size: int = Field(50, description="Search page size when _count is not given.")
    max_page_size: int = Field(1000, description="Largest _count honoured.")
    log_level: str = Field("INFO", description="Log level for the structured (JSON) logs.")
    chroma_url: str | None = Field(None, description="Chroma server URL when scaled out; embedded by default.")
    llm: str | None = Field(
        None, description="LangChain chat model spec, e.g. 'openai:gpt-4o-mini'; unset = no language model."
    )
    vault_key: str | None = Field(
        None, description="Fernet key for the reversible PHI vault; unset = redaction is one-way only."
    )
    build_index_on_start: bool = Field(True, description="Build the knowledge index at start if missing or stale.")
    knowledge_dir: Path = Field(
        default_factory=lambda: _default_knowledge_dir(),
        description="Folder of knowledge documents `kb ingest` and the app's start-up index build read; "
        "default: ./knowledge, else the project's knowledge/ folder.",
    )
    nurse_line: str = Field(
        "our 24/7 nurse line",
        description="How escalation and refusal replies name the provider's nurse line.",
    )
    nurse_line_phone: str = Field(
        "1-800-555-0100",
        description="The nurse line's phone number, shown in escalations as a tap-to-call link. The default is a "
        "reserved fictional number: set your own before patients use the assistant.",
    )
    required_profiles: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Profiles every inbound write of a type must conform to, as JSON, e.g. "
        '{"ServiceRequest": ["http://homecare.example.org/fhir/StructureDefinition/home-referral"]}; '
        "default: none (resources are checked against the profiles they claim in meta.profile).",
    )
    assistant_min_score: float = Field(
        0.3,
        description="Lowest retrieval relevance the assistant answers from; below it a question is out of scope.",
    )

    @cached_property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'homecare.db').as_posix()}"

    @property
    def fhir_base(self) -> str:
        return self.base_url.rstrip("/") + "/fhir"
