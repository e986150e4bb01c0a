"""Signed reports: the issuer's key, PAdES signatures with embedded data, verification.

A LevelCheck report is a PDF that carries the assessment it was made from as embedded
files (``assessment.json``, ``score.json``, …) and a PAdES baseline B-B signature
(``ETSI.CAdES.detached``, SHA-256) over the whole file, made with pyHanko. PDF readers show
it as signed, and any changed byte breaks it.

The issuer (the consultant or the consultancy) signs with a key kept in a PKCS#12 file:
``init_keys`` makes one (RSA 3072, self-signed for ten years) together with the public
certificate (``issuer.crt``) that a company is given to check reports with; a
consultancy's own PKCS#12 (for example one issued by a CA) works as well.

``verify_pdf`` works offline: it fetches no revocation data and no timestamps, and a
certificate is trusted only when it is, or is issued by, one of the certificates it is
given, and was valid (and meant for signing) at the signing time the signature claims.
Everything here is Qt-free.
"""

from __future__ import annotations

import binascii
import datetime as dt
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import cms  # type: ignore[import-untyped]
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from levelcheck.core.files import remove_quietly
from levelcheck.report.keys import MAX_NAME, plain_bags

__all__ = [
    "CERT_FILE",
    "KEY_FILE",
    "NOT_SIGNED",
    "Issuer",
    "IssuerKey",
    "SigningError",
    "Verification",
    "init_keys",
    "load_issuer",
    "load_trusted",
    "sign_pdf",
    "verify_pdf",
]

KEY_FILE = "issuer.p12"
CERT_FILE = "issuer.crt"
KEY_BITS = 3072
VALIDITY = dt.timedelta(days=3653)  # ten years
FIELD_PREFIX = "LevelCheckSignature"
ATTACHMENT_MIME = "application/json"
#: a PDF header may be preceded by junk, which readers tolerate up to about 1 KiB
HEADER_WINDOW = 1024
#: name trees nested deeper than this are treated as damaged
MAX_TREE_DEPTH = 32
#: the smallest RSA key pyHanko's default validation policy accepts
MIN_RSA_BITS = 2048
#: the key usages LevelCheck accepts on a signer's certificate (either one suffices)
SIGNER_KEY_USAGE = frozenset({"digital_signature", "non_repudiation"})


class SigningError(Exception):
    """A key, certificate or PDF that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class IssuerKey:
    """The files ``init_keys`` wrote, and who they are for."""

    p12_path: Path
    cert_path: Path
    subject: str
    fingerprint_sha256: str
    previous_cert: Path | None = None  # the replaced key's certificate, kept (overwrite)


class _Signer(signers.SimpleSigner):
    """pyHanko's in-memory signer, with the private key parsed once.

    ``SimpleSigner.sign_raw`` parses the key again for every signature (twice per PDF, as
    pyHanko first signs once to size the signature), and OpenSSL's RSA key check makes that
    about 0.1 s each time.
    """

    def __init__(
        self,
        key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
        signing_cert: asn1_x509.Certificate,
        signing_key: asn1_keys.PrivateKeyInfo,
        cert_registry: SimpleCertificateStore,
    ) -> None:
        super().__init__(
            signing_cert=signing_cert, signing_key=signing_key, cert_registry=cert_registry
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        try:  # the same reading of the mechanism as SimpleSigner.sign_raw
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        except ValueError:
            mechanism = ""
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey) and mechanism == "rsassa_pkcs1v15":
            return self._key.sign(data, padding.PKCS1v15(), digest)
        if isinstance(self._key, ec.EllipticCurvePrivateKey) and mechanism == "ecdsa":
            return self._key.sign(data, ec.ECDSA(digest))
        return bytes(super().sign_raw(data, digest_algorithm))


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """Silence pyHanko's logging (it logs tracebacks for, e.g., an untrusted signer).

    Every finding reaches the user as a ``SigningError`` or in ``Verification.problems``.
    """
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Issuer:
    """A loaded signing key with its certificate (and any chain); made by ``load_issuer``."""

    __slots__ = ("_signer", "certificate", "fingerprint_sha256", "path", "subject")

    def __init__(self, path: Path, signer: _Signer, certificate: x509.Certificate) -> None:
        self.path = path
        self.certificate = certificate
        self.subject = subject_of(certificate)
        self.fingerprint_sha256 = fingerprint_of(certificate)
        self._signer = signer

    def __repr__(self) -> str:
        return f"Issuer({self.subject!r}, {str(self.path)!r})"

    def unusable(self, at: dt.datetime | None = None) -> str | None:
        """Why a signature made with this key at ``at`` (default now) would not verify:
        the certificate is expired or not yet valid, or not meant for signatures. Signing
        itself works regardless; a caller that hands reports out refuses first."""
        at = at or dt.datetime.now(dt.UTC)
        start, end = self.certificate.not_valid_before_utc, self.certificate.not_valid_after_utc
        if at < start:
            return f"the certificate is not valid before {start:%Y-%m-%d}"
        if at > end:
            return f"the certificate expired on {end:%Y-%m-%d}"
        usage = _usage_problem(self.certificate)
        return f"the certificate {usage}" if usage else _weak_key(self.certificate)


@dataclass(frozen=True)
class Verification:
    """What ``verify_pdf`` found. ``ok`` only when every check passed."""

    intact: bool  # signature cryptographically valid and the signed bytes unchanged
    covers_whole_file: bool  # nothing was appended or changed after signing
    trusted: bool  # the signer's certificate is (or is issued by) a trusted certificate
    signer: str  # subject of the signer's certificate, e.g. 'CN=…,O=…'
    fingerprint_sha256: str  # of the signer's certificate, 'AB:CD:…' (as openssl prints it)
    signed_at: dt.datetime | None  # the time the signer claims (no timestamp authority)
    attachments: dict[str, bytes] = field(default_factory=dict)  # embedded files, by name
    problems: list[str] = field(default_factory=list)  # one short sentence per problem
    signatures: int = 0  # how many signatures the file carries (a report: one)
    damaged: bool = False  # the PDF itself cannot be read (cut short, garbled)

    @property
    def ok(self) -> bool:
        return self.intact and self.covers_whole_file and self.trusted and not self.problems


# --------------------------------------------------------------------------- certificates


def subject_of(certificate: x509.Certificate) -> str:
    """The subject as an RFC 4514 string, most specific first: 'CN=…,O=…'."""
    return certificate.subject.rfc4514_string()


def fingerprint_of(certificate: x509.Certificate) -> str:
    """SHA-256 fingerprint as upper-case hex pairs joined by colons (as openssl prints it)."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def _private_write(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a new file next to ``path`` with ``mode``, then move it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # in case the umask took bits away
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise


def init_keys(
    folder: Path, *, name: str, organisation: str = "", overwrite: bool = False
) -> IssuerKey:
    """Create the issuer's key and a self-signed certificate in ``folder``.

    RSA 3072, valid ten years, key usage digitalSignature + nonRepudiation (critical), not a
    CA; subject CN=name (and O=organisation when given). Writes ``issuer.p12`` (PKCS#12
    without a passphrase, mode 0600) and ``issuer.crt`` (PEM, the public certificate a company
    verifies with). ``folder`` is created with mode 0700 when it does not exist. An existing
    key is kept unless ``overwrite``; a replaced key's certificate is then kept beside the
    new one as ``issuer-replaced-YYYYMMDD-HHMMSS.crt``, since reports signed with the old
    key verify only with it (the old private key is not kept).
    """
    name = name.strip()
    organisation = organisation.strip()
    if not name:
        raise SigningError("the issuer needs a name")
    for what, value in (("the name", name), ("the organisation", organisation)):
        if len(value) > MAX_NAME:
            raise SigningError(
                f"{what}: at most {MAX_NAME} characters (a certificate's limit), not {len(value)}"
            )
    folder = Path(folder)
    p12_path, cert_path = folder / KEY_FILE, folder / CERT_FILE
    if not overwrite and (p12_path.exists() or cert_path.exists()):
        raise SigningError(f"a key already exists in {folder}; use --force to replace it")
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True)
            os.chmod(folder, 0o700)
    except OSError as e:
        raise SigningError(f"{folder}: cannot create the folder: {e.strerror or e}") from e

    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        # encoded most general first, so that RFC 4514 shows 'CN=…,O=…'
        attributes.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    subject = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))  # a little slack for clock skew
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        name.encode("utf-8"), key, certificate, None, serialization.NoEncryption()
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    previous: Path | None = None
    try:
        if cert_path.is_file():
            stem, n = f"issuer-replaced-{now:%Y%m%d-%H%M%S}", 1
            previous = folder / f"{stem}.crt"
            while previous.exists():  # replaced twice within a second: keep both
                n += 1
                previous = folder / f"{stem}-{n}.crt"
            _private_write(previous, cert_path.read_bytes(), 0o644)
        _private_write(p12_path, p12, 0o600)
        _private_write(cert_path, pem, 0o644)
    except OSError as e:
        raise SigningError(f"{folder}: cannot write the key: {e.strerror or e}") from e
    return IssuerKey(
        p12_path, cert_path, subject_of(certificate), fingerprint_of(certificate), previous
    )


def load_issuer(p12_path: Path, passphrase: bytes | None = None) -> Issuer:
    """Load a PKCS#12 key file (LevelCheck's own or a consultancy's) for ``sign_pdf``."""
    p12_path = Path(p12_path)
    try:
        data = p12_path.read_bytes()
    except OSError as e:
        raise SigningError(f"{p12_path}: cannot read the key file: {e.strerror or e}") from e
    try:
        plain = None if passphrase else _plain_pkcs12(data)
        key, certificate, chain = plain or pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError as e:
        why = "the passphrase is wrong" if passphrase else "it needs a passphrase"
        raise SigningError(f"{p12_path}: not a PKCS#12 key file, or {why}") from e
    except Exception as e:  # cryptography raises a few other types on odd input
        raise SigningError(f"{p12_path}: not a PKCS#12 key file ({e})") from e
    if key is None or certificate is None:
        raise SigningError(f"{p12_path}: the file holds no private key with its certificate")
    if (
        not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
        or certificate.public_key() != key.public_key()
    ):
        raise SigningError(f"{p12_path}: the key is not an RSA or EC key matching its certificate")
    try:
        signing_key = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        signing_cert = asn1_x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER)
        )
        others = [
            asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in chain
        ]
        signer = _Signer(
            key,
            signing_cert=signing_cert,
            signing_key=signing_key,
            cert_registry=SimpleCertificateStore.from_certs(others),  # type: ignore[no-untyped-call]
        )
    except Exception as e:
        raise SigningError(f"{p12_path}: the key cannot be used for signing ({e})") from e
    return Issuer(p12_path, signer, certificate)


def _plain_pkcs12(data: bytes) -> tuple[Any, x509.Certificate, list[x509.Certificate]] | None:
    """The key, its certificate and the others of a PKCS#12 file stored without a
    passphrase (as ``init_keys`` writes it), or None for any other file (the full
    loader opens it). Read with asn1crypto, so that the key is loaded without
    cryptography's RSA key check: 0.17 s for RSA 3072, paid by every report (the file is
    the issuer's own key; a key that does not match its certificate is still refused
    by the caller). The file's MAC is not checked: without a passphrase anyone can
    recompute it, so it protects nothing."""
    bags = plain_bags(data)
    if bags is None or bags.others or len(bags.keys) != 1:
        return None  # a shrouded key, a CRL, a secret, an encrypted part: the full loader
    local_id, key_info = bags.keys[0]
    own = [c for cid, c in bags.certificates if cid == local_id] if local_id else []
    if len(own) != 1 and len(bags.certificates) == 1:
        own = [bags.certificates[0][1]]
    if len(own) != 1:
        return None
    try:
        key = serialization.load_der_private_key(
            key_info.dump(), None, unsafe_skip_rsa_key_validation=True
        )
        certificate = x509.load_der_x509_certificate(own[0].dump())
        chain = [x509.load_der_x509_certificate(c.dump()) for _, c in bags.certificates
                 if c is not own[0]]  # fmt: skip
    except Exception:  # a key or certificate cryptography cannot read: the full loader
        return None
    return key, certificate, chain


def _load_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM or DER file."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise SigningError(f"{path}: cannot read the certificate: {e.strerror or e}") from e
    try:
        if b"-----BEGIN" in data:
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError as e:
        raise SigningError(f"{path}: {_not_a_certificate(path)}") from e
    if not certificates:
        raise SigningError(f"{path}: {_not_a_certificate(path)}")
    return certificates


def _not_a_certificate(path: Path) -> str:
    if Path(path).suffix.lower() in (".p12", ".pfx"):
        return (
            "a key file, not a certificate: give the certificate that goes with it "
            f"({CERT_FILE}), which is what others may have"
        )
    return "not a PEM or DER certificate"


def load_trusted(trusted: Sequence[Path]) -> list[x509.Certificate]:
    """Every certificate in the given PEM or DER files; SigningError naming a bad file."""
    return [c for path in trusted for c in _load_certificates(path)]


# --------------------------------------------------------------------------- signing


def _looks_like_pdf(pdf: bytes) -> bool:
    return b"%PDF-" in pdf[:HEADER_WINDOW]


def _name_tree_entries(
    node: Any, depth: int = 0, seen: set[int] | None = None
) -> Iterator[tuple[str, Any]]:
    """(key, raw value) pairs of a PDF name tree, leaves in order."""
    seen = set() if seen is None else seen
    node = node.get_object() if hasattr(node, "get_object") else node
    if depth > MAX_TREE_DEPTH or id(node) in seen or not isinstance(node, generic.DictionaryObject):
        return
    seen.add(id(node))
    if "/Names" in node:
        names = node["/Names"]
        for i in range(0, len(names) - 1, 2):
            key = names[i]
            yield (
                (str(key) if isinstance(key, str) else bytes(key).decode("latin-1")),
                names.raw_get(i + 1),
            )
    if "/Kids" in node:
        for kid in node["/Kids"]:
            yield from _name_tree_entries(kid, depth + 1, seen)


def _embed_attachments(writer: IncrementalPdfFileWriter, attachments: Mapping[str, bytes]) -> None:
    """Add (or replace) embedded files, keeping the name tree flat and sorted.

    Each file is also listed in the catalog's /AF array with /AFRelationship /Data, as
    PDF/A-3 wants for embedded files (pyHanko's own ``embed_file`` would mark the document
    PDF 2.0 for that, and appends to the name tree unsorted).
    """
    root = writer.root
    if "/Names" in root:
        names_dict = root["/Names"]
    else:
        names_dict = generic.DictionaryObject()  # type: ignore[no-untyped-call]
        root["/Names"] = writer.add_object(names_dict)
        writer.update_root()  # type: ignore[no-untyped-call]
    entries: dict[str, Any] = {}
    if "/EmbeddedFiles" in names_dict:
        entries.update(_name_tree_entries(names_dict["/EmbeddedFiles"]))
    replaced = {entries[name] for name in attachments if name in entries}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    added = []
    for name, data in attachments.items():
        if not name:
            raise SigningError("an attachment needs a name")
        stream = embed.EmbeddedFileObject.from_file_data(
            writer,
            bytes(data),
            mime_type=ATTACHMENT_MIME,
            params=embed.EmbeddedFileParams(modification_date=now),
        )
        spec = embed.FileSpec(
            file_spec_string=name,
            file_name=name,
            embedded_data=stream,
            af_relationship=generic.pdf_name("/Data"),
        )
        entries[name] = writer.add_object(spec.as_pdf_object())
        added.append(entries[name])
    array = generic.ArrayObject()
    for name in sorted(entries):
        array.append(generic.pdf_string(name))
        array.append(entries[name])
    names_dict["/EmbeddedFiles"] = writer.add_object(
        generic.DictionaryObject({generic.pdf_name("/Names"): array})  # type: ignore[no-untyped-call]
    )
    writer.update_container(names_dict)
    if added:
        kept = []
        if "/AF" in root:
            old = root["/AF"]
            kept = [old.raw_get(i) for i in range(len(old)) if old.raw_get(i) not in replaced]
        root["/AF"] = writer.add_object(generic.ArrayObject(kept + added))
        writer.update_root()  # type: ignore[no-untyped-call]


def _field_name(reader: PdfFileReader) -> str:
    taken = {name for name, _, _ in fields.enumerate_sig_fields(reader)}
    n = 1
    while (candidate := FIELD_PREFIX if n == 1 else f"{FIELD_PREFIX}{n}") in taken:
        n += 1
    return candidate


def sign_pdf(
    pdf: bytes,
    issuer: Issuer,
    *,
    attachments: Mapping[str, bytes],
    reason: str = "",
    location: str = "",
    signer_name: str = "",
) -> bytes:
    """Embed each attachment (name -> bytes, as application/json) and sign the whole file.

    The attachments and the signature are added in one incremental update, so the original
    bytes stay as they are; the signature is an invisible PAdES B-B approval signature
    (SHA-256) whose byte range covers every byte of the result but its own /Contents. A PDF
    that is already signed gets one more signature after the existing ones.
    """
    if not _looks_like_pdf(pdf):
        raise SigningError("not a PDF")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
    except Exception as e:
        raise SigningError(f"cannot read the PDF: {e}") from e
    if writer.prev.encrypted:
        raise SigningError("the PDF is encrypted; LevelCheck signs only unencrypted PDFs")
    try:
        _embed_attachments(writer, attachments)
        meta = signers.PdfSignatureMetadata(
            field_name=_field_name(writer.prev),
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason or None,
            location=location or None,
            name=signer_name or None,
        )
        with _quiet_pyhanko():
            out = signers.PdfSigner(meta, signer=issuer._signer).sign_pdf(writer)
    except SigningError:
        raise
    except Exception as e:
        raise SigningError(f"cannot sign the PDF: {e}") from e
    return bytes(out.getvalue())


# --------------------------------------------------------------------------- verifying


def _attachments(reader: PdfFileReader) -> tuple[dict[str, bytes], list[str]]:
    """The embedded files of a document, by name, and a problem for each unreadable one."""
    found: dict[str, bytes] = {}
    problems: list[str] = []
    try:
        root = reader.root
        if "/Names" not in root or "/EmbeddedFiles" not in root["/Names"]:
            return found, problems
        entries = list(_name_tree_entries(root["/Names"]["/EmbeddedFiles"]))
    except Exception:
        return found, ["the list of embedded files cannot be read"]
    for key, value in entries:
        try:
            spec = value.get_object()
            ef = spec["/EF"]
            stream = ef["/UF"] if "/UF" in ef else ef["/F"]
            found[key] = bytes(stream.data)
        except Exception:
            problems.append(f"the embedded file {key!r} cannot be read")
    return found, problems


def _contents_gap_ok(pdf: bytes, byte_range: Sequence[int], der_padded: bytes) -> bool:
    """The bytes the signature leaves out are exactly its own /Contents, in canonical form.

    pyHanko checks the digest of the byte range and the CMS signature over the signed
    attributes (which include a hash of the signer's certificate). A few bytes of the gap are
    covered by neither: the hex digits' case, the zero padding after the DER object, and the
    CMS fields outside the signed attributes. This pins those down too: '<', the hex of the DER
    object in one case, zero padding, '>', the DER canonical, and the unsigned CMS fields
    exactly what they must be given the signed ones. So any changed byte is caught.
    """
    _, len1, start2, _ = byte_range
    gap = pdf[len1:start2]
    if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
        return False
    digits = gap[1:-1]
    if digits not in (binascii.hexlify(der_padded), binascii.hexlify(der_padded).upper()):
        return False
    size = _der_length(der_padded)
    if size is None or der_padded[size:].strip(b"\x00"):
        return False
    try:
        return _cms_envelope_ok(der_padded[:size])
    except Exception:
        return False


def _der_length(data: bytes) -> int | None:
    """Length of the first DER element in ``data`` (tag, length and value), if well-formed."""
    if len(data) < 2:
        return None
    first = data[1]
    if first < 0x80:
        size, header = first, 2
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or len(data) < 2 + count:
            return None
        size, header = int.from_bytes(data[2 : 2 + count], "big"), 2 + count
    return header + size if header + size <= len(data) else None


def _der_well_formed(der: bytes) -> bool:
    """Every element, nested ones too, has a definite length in its shortest form, and the
    elements exactly fill their parents (DER rather than some other BER encoding)."""
    stack = [(0, len(der))]
    while stack:
        at, end = stack.pop()
        while at < end:
            if end - at < 2 or der[at] & 0x1F == 0x1F:  # no high tag numbers in CMS
                return False
            tag, first = der[at], der[at + 1]
            if first < 0x80:
                size, header = first, 2
            else:
                count = first & 0x7F
                if count == 0 or count > 4 or end - at < 2 + count:
                    return False  # indefinite or absurd length
                size = int.from_bytes(der[at + 2 : at + 2 + count], "big")
                if size < 0x80 or size >> (8 * (count - 1)) == 0:
                    return False  # not the shortest form
                header = 2 + count
            if at + header + size > end:
                return False
            if tag & 0x20:  # constructed: check what it holds too
                stack.append((at + header, at + header + size))
            at += header + size
    return True


#: digest and RSA algorithm identifiers whose parameters must be NULL or absent (RFC 5754, 8017)
_NULL_PARAMETER_ALGORITHMS = frozenset(
    {"sha1", "sha224", "sha256", "sha384", "sha512", "rsa", "rsassa_pkcs1v15"}
)


def _algorithm_ok(identifier: Any) -> bool:
    name = identifier["algorithm"].native
    parameters = identifier["parameters"]
    if name in _NULL_PARAMETER_ALGORITHMS or str(name).endswith("_rsa"):
        return parameters.native is None and parameters.dump() in (b"", b"\x05\x00")
    return True


def _cms_envelope_ok(der: bytes) -> bool:
    """The CMS object is canonical DER and its unsigned fields agree with the signed ones."""
    if not _der_well_formed(der):
        return False
    info = cms.ContentInfo.load(der)
    if info["content_type"].native != "signed_data":
        return False
    signed = info["content"]
    signer_infos = list(signed["signer_infos"])
    encap_type = signed["encap_content_info"]["content_type"].native
    if not signer_infos or encap_type != "data":
        return False
    for signer_info in signer_infos:
        by_key_id = signer_info["sid"].name == "subject_key_identifier"
        if signer_info["version"].native != ("v3" if by_key_id else "v1"):
            return False
        algorithms = (signer_info["digest_algorithm"], signer_info["signature_algorithm"])
        if not all(_algorithm_ok(a) for a in algorithms):
            return False
    # RFC 5652 5.1: the version follows from what the SignedData holds
    kinds = {c.name for c in signed["certificates"]} if signed["certificates"].native else set()
    if "other" in kinds:
        version = "v5"
    elif "v2_attr_cert" in kinds:
        version = "v4"
    elif "v1_attr_cert" in kinds or any(si["version"].native == "v3" for si in signer_infos):
        version = "v3"
    else:
        version = "v1"
    if signed["version"].native != version:
        return False
    # digestAlgorithms lists exactly the signers' digest algorithms
    listed = [a.dump() for a in signed["digest_algorithms"]]
    used = {si["digest_algorithm"].dump() for si in signer_infos}
    return len(listed) == len(set(listed)) and set(listed) == used


def _claimed_time(sig: EmbeddedPdfSignature) -> dt.datetime | None:
    """The signing time the signature claims (/M or a signing-time attribute), if readable."""
    try:
        claimed = sig.self_reported_timestamp
    except Exception:
        return None
    if claimed is None:
        return None
    return claimed if claimed.tzinfo is not None else claimed.replace(tzinfo=dt.UTC)


def _validation_context(roots: Sequence[x509.Certificate], at: dt.datetime) -> ValidationContext:
    """Offline, trusting only ``roots`` (never the operating system's list), as of ``at``."""
    return ValidationContext(
        trust_roots=[
            asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in roots
        ],
        moment=at,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _certificate_problem(certificate: x509.Certificate, at: dt.datetime) -> str | None:
    """What makes the signer's certificate unusable at ``at``, if anything.

    pyHanko checks validity and key usage along a chain, but not for a certificate that is
    itself a trust anchor, which a self-signed issuer certificate is; so check them here too.
    """
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if not start <= at <= end:
        return (
            f"the signer's certificate was not valid when the report was signed "
            f"({at:%Y-%m-%d}; valid {start:%Y-%m-%d} to {end:%Y-%m-%d})"
        )
    usage = _usage_problem(certificate)
    return f"the signer's certificate {usage}" if usage else None


def _usage_problem(certificate: x509.Certificate) -> str | None:
    """What is wrong with the certificate's key usage for signing reports ("is not meant
    for signatures (key usage)"), if anything."""
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    except ValueError:
        return "has a damaged key usage"
    if not (usage.digital_signature or usage.content_commitment):
        return "is not meant for signatures (key usage)"
    return None


def _weak_key(certificate: x509.Certificate) -> str | None:
    """A key too weak for pyHanko's validation policy (RSA under 2048 bits), said so."""
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        return (
            f"the key is RSA {key.key_size} bits, too weak: signatures need "
            f"{MIN_RSA_BITS} bits or more"
        )
    return None


def _pyca(certificate: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(certificate.dump())


def _describe_trust(status: PdfSignatureStatus) -> str:
    """Why pyHanko did not accept the signer's certificate, e.g. 'expired'."""
    indic = status.trust_problem_indic
    if indic is None:
        return "no path to a trusted certificate"
    return str(getattr(indic, "name", indic)).lower().replace("_", " ")


def _validate(sig: EmbeddedPdfSignature, roots: Sequence[x509.Certificate]) -> PdfSignatureStatus:
    """pyHanko's validation, as of the signing time the signature claims (as Adobe Reader
    does by default; there is no timestamp authority to prove it), else as of now."""
    at = _claimed_time(sig) or dt.datetime.now(dt.UTC)
    key_usage = KeyUsageConstraints(key_usage=set(SIGNER_KEY_USAGE), match_all_key_usages=False)
    return validate_pdf_signature(
        sig,
        signer_validation_context=_validation_context(roots, at),
        key_usage_settings=key_usage,
        skip_diff=True,
    )


NOT_SIGNED = "no signature found: the PDF is not signed"


def _broken(
    problem: str, attachments: dict[str, bytes] | None = None, *, damaged: bool = False
) -> Verification:
    return Verification(
        intact=False,
        covers_whole_file=False,
        trusted=False,
        signer="",
        fingerprint_sha256="",
        signed_at=None,
        attachments=attachments or {},
        problems=[problem],
        damaged=damaged,
    )


def verify_pdf(pdf: bytes, *, trusted: Sequence[Path] = ()) -> Verification:
    """Check a signed report; see ``Verification``. Works offline.

    The last signature in the file (the one over the most bytes) is the report's signature:
    it must be intact, cover the whole file, and its certificate must be one of ``trusted``
    (PEM or DER files) or be issued by one of them. Earlier signatures, if any, must be intact.
    The attachments are read from what that signature signed.

    An unsigned PDF, a damaged one, or a damaged signature gives ``ok`` False with the reason
    in ``problems`` ('no signature found: …' for an unsigned PDF). Input that is not a PDF at
    all raises ``SigningError('not a PDF')``; so does an unreadable ``trusted`` file (naming it).
    """
    roots = load_trusted(trusted)
    if not _looks_like_pdf(pdf):
        raise SigningError("not a PDF")
    with _quiet_pyhanko():
        return _verify(bytes(pdf), roots, given=bool(trusted))


def _verify(pdf: bytes, roots: list[x509.Certificate], *, given: bool) -> Verification:
    try:
        reader = PdfFileReader(BytesIO(pdf))
        reader.root  # noqa: B018 -- force the catalog to be read
    except Exception as e:
        return _broken(f"the PDF is damaged or incomplete ({_short(e)})", damaged=True)
    if reader.encrypted:
        return _broken("the PDF is encrypted, and LevelCheck reports never are")

    try:
        filled = list(fields.enumerate_sig_fields(reader, filled_status=True))
        signatures = [s for s in reader.embedded_signatures if s.sig_object_type == "/Sig"]
        # the report's signature is the one that reaches furthest into the file
        signatures.sort(key=lambda s: int(s.byte_range[2]) + int(s.byte_range[3]))
    except Exception as e:
        return _broken(f"the signature is damaged and cannot be read ({_short(e)})")
    if not signatures:
        attachments, _ = _attachments(reader)
        if filled:
            return _broken("the signature is of an unknown kind or damaged", attachments)
        return _broken(NOT_SIGNED, attachments)

    last = signatures[-1]
    problems: list[str] = []
    if len(filled) > len(signatures):
        problems.append("a signature in the file is of an unknown kind or damaged")

    status: PdfSignatureStatus | None = None
    try:
        status = _validate(last, roots)
    except Exception as e:
        try:
            # pyHanko can fail on a path it built by name to a trusted certificate that
            # did not sign this one (a stranger copying the issuer's name): check the
            # signature itself with nothing trusted, and let trust be judged below
            status = _validate(last, [])
        except Exception:
            problems.append(f"the signature is broken ({_short(e)})")

    try:
        byte_range = [int(x) for x in last.byte_range]
    except (TypeError, ValueError):
        byte_range = []
    sane_range = len(byte_range) == 4 and byte_range[0] == 0 and 0 < byte_range[1] < byte_range[2]
    end = byte_range[2] + byte_range[3] if sane_range else 0
    gap_ok = sane_range and _contents_gap_ok(pdf, byte_range, last.pkcs7_content)

    intact = status is not None and status.intact and status.valid and gap_ok
    covers = (
        status is not None
        and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and sane_range
        and end == len(pdf)
    )
    path_ok = (
        status is not None
        and status.valid
        and status.trust_problem_indic is None
        and status.validation_path is not None
    )
    signed_at = status.signer_reported_dt if status is not None else _claimed_time(last)

    certificate: x509.Certificate | None = None
    try:
        certificate = _pyca(last.signer_cert if status is None else status.signing_cert)
        signer, fingerprint = subject_of(certificate), fingerprint_of(certificate)
    except Exception:
        signer, fingerprint = "", ""
        problems.append("the signer's certificate cannot be read")
    at = signed_at or dt.datetime.now(dt.UTC)
    certificate_problem = None if certificate is None else _certificate_problem(certificate, at)
    trusted_ok = path_ok and certificate is not None and certificate_problem is None
    # one of the trusted certificates, or issued by one (checked by signature: pyHanko
    # builds its path by name, and a stranger's certificate can copy a name)
    related = path_ok or (certificate is not None and _is_or_issued_by(certificate, roots))

    if status is not None:
        if not status.valid:
            problems.append("the signature does not match the signer's certificate")
        elif not status.intact:
            problems.append("the signed content was changed after signing")
        elif not gap_ok:
            problems.append("the signature's own bytes were changed after signing")
        if not covers:
            if sane_range and end < len(pdf):
                added = len(pdf) - end
                problems.append(
                    f"{added} {'byte was' if added == 1 else 'bytes were'} added to the file "
                    "after it was signed"
                )
            else:
                problems.append("the signature does not cover the whole file")
        if status.valid and not trusted_ok:
            if not given:
                problems.append(
                    f"the signer ({signer}) cannot be trusted: no trusted certificate given "
                    "(--trust ISSUER.crt, the certificate the issuer gave you)"
                )
            elif related:
                why = _describe_trust(status)
                weak = None if certificate is None else _weak_key(certificate)
                problems.append(
                    certificate_problem
                    or (f"the signer's certificate is trusted but not usable: {weak}" if weak
                        else f"the signer's certificate is trusted but not usable ({why})")
                )  # fmt: skip
            else:
                problems.append(_stranger(signer, fingerprint, certificate, roots))

    for earlier in signatures[:-1]:
        try:
            earlier_status = _validate(earlier, roots)
            if not (earlier_status.intact and earlier_status.valid):
                raise ValueError("digest mismatch")
        except Exception:
            problems.append(f"an earlier signature ({earlier.fq_name}) is broken")

    # what the signature signed: the whole file, or the revision it covered
    if covers:
        attachments, unreadable = _attachments(reader)
    elif not sane_range:
        attachments, unreadable = {}, []
    else:
        try:
            attachments, unreadable = _attachments(PdfFileReader(BytesIO(pdf[:end])))
        except Exception:
            attachments, unreadable = {}, ["the embedded files cannot be read"]
    problems.extend(unreadable)

    return Verification(
        intact=intact,
        covers_whole_file=covers,
        trusted=trusted_ok,
        signer=signer,
        fingerprint_sha256=fingerprint,
        signed_at=signed_at,
        attachments=attachments,
        problems=problems,
        signatures=len(signatures),
    )


def _is_or_issued_by(certificate: x509.Certificate, roots: Sequence[x509.Certificate]) -> bool:
    """``certificate`` is one of ``roots`` or signed by one of them (a CA's key). A
    longer chain is pyHanko's to build; this only tells a stranger from a relative."""
    for root in roots:
        if root == certificate:
            return True
        try:
            certificate.verify_directly_issued_by(root)
        except Exception:  # another issuer name, another key, or an odd algorithm
            continue
        return True
    return False


def _stranger(
    signer: str,
    fingerprint: str,
    certificate: x509.Certificate | None,
    roots: Sequence[x509.Certificate],
) -> str:
    """The signer is none of the trusted certificates, nor issued by one; said with the
    fingerprint, since a name alone cannot tell two certificates apart."""
    line = f"the signer ({signer}, SHA-256 {fingerprint}) is not one of the trusted certificates"
    if certificate is not None and any(r.subject == certificate.subject for r in roots):
        line += (
            "; a trusted certificate has the same name but another key: a copy of the name, "
            "or a key the issuer replaced (then trust their old certificate too: --trust OLD.crt)"
        )
    return line


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()).replace("0x0x", "0x") or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"
