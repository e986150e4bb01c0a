"""Where the issuer's signing key lives: the user's config folder (LEVELCHECK_CONFIG_DIR
overrides it, as tests do)."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from levelcheck.core.errors import LevelCheckError

P12 = "issuer.p12"
CERT = "issuer.crt"
#: the longest name or organisation a certificate takes (RFC 5280 upper bound); kept
#: here, not in signing.py, so that the app's export dialog need not import pyHanko
MAX_NAME = 64


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
    kept = "" if key.previous_cert is None else (
        f"\nthe replaced key's certificate is kept as {key.previous_cert}: reports signed "
        f"before now verify with --trust {key.previous_cert}"
    )  # fmt: skip
    return (f"wrote {key.p12_path} (private: keep it) and {key.cert_path} (give this to "
            f"companies to verify reports); SHA-256 {key.fingerprint_sha256}{kept}")  # fmt: skip


PASSPHRASE_VAR = "LEVELCHECK_KEY_PASSPHRASE"


def issuer_key(explicit: Path | None) -> Path:
    """The key file to sign with: ``--key``, else the one ``keys init`` made. A missing
    explicit file says so; only a missing default key suggests ``keys init``."""
    if explicit is not None:
        if not explicit.is_file():
            what = "a folder, not a key file" if explicit.is_dir() else "no such file"
            raise LevelCheckError(what, file=str(explicit))
        return explicit
    key = default_key()
    if not key.is_file():
        raise LevelCheckError(
            f"no issuer key at {key}: run 'levelcheck keys init' first (or use --unsigned)"
        )
    return key


def key_passphrase(key: Path, *, probe: bool) -> bytes | None:
    """The passphrase for a PKCS#12 key: LEVELCHECK_KEY_PASSPHRASE when set; else, when
    ``probe`` and the file is a PKCS#12 that does not open without one, asked for on a
    terminal (getpass, nothing echoed), or a one-line error saying how to give it.

    Only an explicit ``--key`` is probed: ``keys init`` writes its key without a
    passphrase, and probing it would put cryptography's import in front of the
    report's start. A file that is no PKCS#12 at all is left to the loader's own
    message."""
    env = os.environ.get(PASSPHRASE_VAR)
    if env is not None:
        return env.encode("utf-8")
    if not probe or not _needs_passphrase(key):
        return None
    if sys.stdin.isatty() and sys.stderr.isatty():
        try:
            given = getpass.getpass(f"passphrase for {key}: ", stream=sys.stderr)
        except EOFError:
            given = ""
        if given:
            return given.encode("utf-8")
    raise LevelCheckError(
        f"the key needs a passphrase: set {PASSPHRASE_VAR} (or run on a terminal to be asked)",
        file=str(key),
    )


def _needs_passphrase(key: Path) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12  # type: ignore[import-untyped]
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = key.read_bytes()
    except OSError:
        return False  # the loader says why
    try:
        pkcs12.load_key_and_certificates(data, None)
        return False
    except Exception:  # cryptography raises a few types on odd input
        pass
    try:
        asn1_pkcs12.Pfx.load(data)["auth_safe"].native  # noqa: B018 - parses it whole
    except Exception:  # not PKCS#12: no passphrase would help
        return False
    return True


def issuer_organisation(key: Path, passphrase: bytes | None) -> str:
    """The organisation (O) named by the key file's own certificate, or "" when it
    names none or the file cannot be read (signing then says what is wrong).

    A report's cover needs it before its HTML is made, while the key itself is loaded
    later, as the PDF is laid out. So the certificate is read from the PKCS#12 file's
    plain parts with asn1crypto (about 0.05 s, and no check of the key); only a file
    whose certificates are encrypted is opened whole with its passphrase."""
    try:
        data = key.read_bytes()
    except OSError:
        return ""
    bags = plain_bags(data)
    # the key's own certificate carries the key's local id; a lone one is the key's
    own = [] if bags is None else [
        cert for local_id, cert in bags.certificates if local_id or len(bags.certificates) == 1
    ]  # fmt: skip
    if len(own) != 1:
        return _organisation_unlocked(data, passphrase)
    return _organisation(own[0])


def _organisation(certificate: Any) -> str:
    """The first non-empty O of an asn1crypto certificate's subject."""
    names = certificate.subject.native.get("organization_name", "")
    for name in names if isinstance(names, list) else [names]:
        if str(name).strip():
            return str(name).strip()
    return ""


@dataclass
class PlainBags:
    """The unencrypted parts of a PKCS#12 file, as asn1crypto objects, each with its
    local key id (b"" when none): what ``keys init`` writes holds one key and its
    certificate; a consultancy's file may hold a chain."""

    keys: list[tuple[bytes, Any]]  # PrivateKeyInfo
    certificates: list[tuple[bytes, Any]]  # Certificate
    others: int  # bags of other kinds: shrouded (encrypted) keys, CRLs, secrets


def plain_bags(data: bytes) -> PlainBags | None:
    """The bags of a PKCS#12 file read with asn1crypto, without its passphrase or any
    check of a key; None when a part is encrypted (its bags cannot be read without the
    passphrase) or the file is not PKCS#12 as asn1crypto reads it. The cover's issuer
    (:func:`issuer_organisation`) and the fast key load (``signing.load_issuer``) read
    it."""
    try:
        from asn1crypto import pkcs12 as asn1_pkcs12

        bags = PlainBags([], [], 0)
        for info in asn1_pkcs12.Pfx.load(data).authenticated_safe:
            if info["content_type"].native != "data":
                return None
            for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                kind = bag["bag_id"].native
                local_id = b"".join(
                    bytes(v) for a in bag["bag_attributes"] if a["type"].native == "local_key_id"
                    for v in a["values"].native
                )  # fmt: skip
                if kind == "key_bag":
                    bags.keys.append((local_id, bag["bag_value"].untag()))
                elif kind == "cert_bag":
                    bags.certificates.append((local_id, bag["bag_value"]["cert_value"].parsed))
                else:
                    bags.others += 1
    except Exception:  # not PKCS#12 as asn1crypto reads it: the full loader decides
        return None
    return bags


def _organisation_unlocked(data: bytes, passphrase: bytes | None) -> str:
    """The key's certificate, from the whole file opened with its passphrase."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    try:
        _, certificate, _ = pkcs12.load_key_and_certificates(data, passphrase)
    except Exception:  # a wrong passphrase, not PKCS#12: signing says so
        return ""
    if certificate is None:
        return ""
    return _organisation(asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER)))
