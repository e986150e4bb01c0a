"""Where the issuer's signing key lives: the user's config folder (LEVELCHECK_CONFIG_DIR
overrides it, as tests do)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from levelcheck.core.errors import LevelCheckError

P12 = "issuer.p12"
CERT = "issuer.crt"


def config_dir() -> Path:
    if os.environ.get("LEVELCHECK_CONFIG_DIR"):
        return Path(os.environ["LEVELCHECK_CONFIG_DIR"])
    import platformdirs

    return platformdirs.user_config_path("LevelCheck", appauthor=False)


def key_dir() -> Path:
    return config_dir() / "keys"


def default_key() -> Path:
    return key_dir() / P12


def default_trust() -> list[Path]:
    cert = key_dir() / CERT
    return [cert] if cert.is_file() else []


def init_issuer_key(
    folder: Path | None, *, name: str | None, organisation: str, force: bool, if_missing: bool
) -> str:
    from levelcheck.report.signing import SigningError, init_keys

    folder = folder or key_dir()
    if if_missing and (folder / P12).is_file():
        return f"an issuer key already exists in {folder}"
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "LevelCheck issuer"
    try:
        key = init_keys(folder, name=name or user, organisation=organisation, overwrite=force)
    except SigningError as exc:
        raise LevelCheckError(str(exc)) from None
    return (f"wrote {key.p12_path} (private: keep it) and {key.cert_path} (give this to "
            f"companies to verify reports); SHA-256 {key.fingerprint_sha256}")  # fmt: skip
