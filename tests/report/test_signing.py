"""Signed reports: issuer keys, PAdES signatures with embedded data, and verification.

An unsigned PDF is not an error but a finding: ``verify_pdf`` returns ``ok`` False with the
problem 'no signature found: the PDF is not signed'. Only input that is not a PDF at all
raises ``SigningError('not a PDF')``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic, writer
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from levelcheck.report.signing import (
    Issuer,
    IssuerKey,
    SigningError,
    init_keys,
    load_issuer,
    sign_pdf,
    verify_pdf,
)

ASSESSMENT = json.dumps(
    {"format": "levelcheck.assessment", "company": {"name": "한모루정밀"}, "answers": {}},
    ensure_ascii=False,
).encode("utf-8")
SCORE = b'{"total": 712.5, "level": 3}\n'
ATTACHMENTS = {"assessment.json": ASSESSMENT, "score.json": SCORE}


def make_pdf() -> bytes:
    """A one-page A4 PDF with a filled rectangle, written by pyHanko's own writer."""
    w = writer.PdfFileWriter()  # type: ignore[no-untyped-call]
    content = generic.StreamObject(stream_data=b"0.2 0.4 0.8 rg 72 700 300 60 re f\n")
    ref = w.add_object(content)
    page = writer.PageObject(contents=ref, media_box=(0, 0, 595, 842))  # type: ignore[no-untyped-call]
    w.insert_page(page)  # type: ignore[no-untyped-call]
    out = BytesIO()
    w.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


@pytest.fixture(scope="module")
def key_a(tmp_path_factory: pytest.TempPathFactory) -> IssuerKey:
    return init_keys(
        tmp_path_factory.mktemp("a") / "keys", name="김철수", organisation="스마트공장 컨설팅"
    )


@pytest.fixture(scope="module")
def key_b(tmp_path_factory: pytest.TempPathFactory) -> IssuerKey:
    return init_keys(tmp_path_factory.mktemp("b") / "keys", name="Mallory", organisation="Other")


@pytest.fixture(scope="module")
def issuer_a(key_a: IssuerKey) -> Issuer:
    return load_issuer(key_a.p12_path)


@pytest.fixture(scope="module")
def issuer_b(key_b: IssuerKey) -> Issuer:
    return load_issuer(key_b.p12_path)


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return make_pdf()


@pytest.fixture(scope="module")
def signed(unsigned: bytes, issuer_a: Issuer) -> bytes:
    return sign_pdf(
        unsigned,
        issuer_a,
        attachments=ATTACHMENTS,
        reason="스마트공장 수준확인 보고서",
        location="Seoul",
        signer_name="김철수",
    )


def contents_gap(pdf: bytes) -> tuple[int, int]:
    """Where the (last) signature's /Contents hex string is: [start, end) of '<…>'."""
    ranges = re.findall(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]", pdf)
    len1, start2 = ranges[-1]
    return int(len1), int(start2)


# --------------------------------------------------------------------------- keys


def test_init_keys_writes_a_private_key_and_a_public_certificate(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "keys"
    key = init_keys(folder, name="Lee Young-hee", organisation="LevelCheck Consulting")
    assert key.p12_path == folder / "issuer.p12" and key.cert_path == folder / "issuer.crt"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(key.p12_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.cert_path.stat().st_mode) == 0o644
    assert sorted(p.name for p in folder.iterdir()) == ["issuer.crt", "issuer.p12"]

    pem = key.cert_path.read_bytes()
    assert pem.startswith(b"-----BEGIN CERTIFICATE-----")
    cert = x509.load_pem_x509_certificate(pem)
    assert key.subject == "CN=Lee Young-hee,O=LevelCheck Consulting"
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Lee Young-hee"
    assert cert.issuer == cert.subject  # self-signed
    assert key.fingerprint_sha256 == cert.fingerprint(hashes.SHA256()).hex(":").upper()
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=3650) <= lifetime <= dt.timedelta(days=3660)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 3072

    # the PKCS#12 holds the matching private key, with no passphrase
    private, p12_cert, _ = pkcs12.load_key_and_certificates(key.p12_path.read_bytes(), None)
    assert p12_cert == cert and private is not None
    assert private.public_key() == public


def test_init_keys_refuses_to_replace_a_key_unless_told_to(
    tmp_path: Path, key_a: IssuerKey
) -> None:
    folder = tmp_path / "keys"
    shutil.copytree(key_a.p12_path.parent, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(SigningError) as e:
        init_keys(folder, name="Someone else")
    assert str(e.value) == f"a key already exists in {folder}; use --force to replace it"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    replaced = init_keys(folder, name="Park", overwrite=True)
    assert replaced.subject == "CN=Park"  # no organisation: no O=
    assert replaced.fingerprint_sha256 != key_a.fingerprint_sha256
    assert stat.S_IMODE(replaced.p12_path.stat().st_mode) == 0o600
    # no temps; the replaced key's certificate kept for the reports it signed
    assert replaced.previous_cert is not None
    assert replaced.previous_cert.read_bytes() == before["issuer.crt"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["issuer.crt", "issuer.p12", replaced.previous_cert.name]
    )
    assert re.fullmatch(r"issuer-replaced-\d{8}-\d{6}\.crt", replaced.previous_cert.name)
    again = init_keys(folder, name="Park", overwrite=True)  # within the same second, maybe
    assert again.previous_cert is not None and again.previous_cert != replaced.previous_cert
    assert replaced.previous_cert.read_bytes() == before["issuer.crt"]


def test_a_certificate_alone_also_blocks_a_new_key(tmp_path: Path) -> None:
    (tmp_path / "issuer.crt").write_text("not really")
    with pytest.raises(SigningError, match="a key already exists in"):
        init_keys(tmp_path, name="X")


def test_bad_key_files_name_the_file(tmp_path: Path, key_a: IssuerKey) -> None:
    garbage = tmp_path / "garbage.p12"
    garbage.write_bytes(random.Random(1).randbytes(3000))
    with pytest.raises(SigningError) as e:
        load_issuer(garbage)
    assert str(garbage) in str(e.value) and "PKCS#12" in str(e.value)

    missing = tmp_path / "missing.p12"
    with pytest.raises(SigningError) as e:
        load_issuer(missing)
    assert str(e.value).startswith(f"{missing}: cannot read the key file")

    # the certificate alone is not a key
    with pytest.raises(SigningError, match=re.escape(str(key_a.cert_path))):
        load_issuer(key_a.cert_path)


def locked_copy(key: IssuerKey, target: Path) -> Path:
    """``key``'s PKCS#12 file again, encrypted with the passphrase 's3cret'."""
    private, cert, _ = pkcs12.load_key_and_certificates(key.p12_path.read_bytes(), None)
    assert isinstance(private, rsa.RSAPrivateKey) and cert is not None
    target.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", private, cert, None, serialization.BestAvailableEncryption(b"s3cret")
        )
    )
    return target


def test_a_key_with_a_passphrase(tmp_path: Path, key_a: IssuerKey, unsigned: bytes) -> None:
    locked = locked_copy(key_a, tmp_path / "locked.p12")
    with pytest.raises(SigningError) as e:
        load_issuer(locked)
    assert str(e.value) == f"{locked}: not a PKCS#12 key file, or it needs a passphrase"
    with pytest.raises(SigningError) as e:
        load_issuer(locked, b"wrong")
    assert str(e.value) == f"{locked}: not a PKCS#12 key file, or the passphrase is wrong"

    issuer = load_issuer(locked, b"s3cret")
    assert issuer.subject == key_a.subject
    v = verify_pdf(sign_pdf(unsigned, issuer, attachments={}), trusted=[key_a.cert_path])
    assert v.ok, v.problems


# --------------------------------------------------------------------------- sign and verify


def test_sign_then_verify(signed: bytes, unsigned: bytes, key_a: IssuerKey) -> None:
    v = verify_pdf(signed, trusted=[key_a.cert_path])
    assert v.ok, v.problems
    assert (v.intact, v.covers_whole_file, v.trusted, v.problems) == (True, True, True, [])
    assert v.signer == "CN=김철수,O=스마트공장 컨설팅" == key_a.subject
    assert v.fingerprint_sha256 == key_a.fingerprint_sha256
    assert v.signed_at is not None
    assert abs(v.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert v.attachments == ATTACHMENTS  # byte-identical
    # an incremental update: the original bytes are untouched
    assert signed.startswith(unsigned)


def test_signature_is_pades_with_json_attachments(signed: bytes) -> None:
    reader = PdfFileReader(BytesIO(signed))
    (sig,) = reader.embedded_signatures
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig.sig_object["/Reason"] == "스마트공장 수준확인 보고서"
    assert sig.sig_object["/Location"] == "Seoul" and sig.sig_object["/Name"] == "김철수"
    names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert [str(names[i]) for i in (0, 2)] == ["assessment.json", "score.json"]  # sorted tree
    assert len(names) == 4
    assert [a.reference for a in reader.root.raw_get("/AF").get_object()] == [
        names.raw_get(1).reference,
        names.raw_get(3).reference,
    ]
    for i in (1, 3):
        assert names[i]["/AFRelationship"] == "/Data"  # as PDF/A-3 wants
        stream = names[i]["/EF"]["/F"]
        assert stream["/Subtype"] == "/application/json"
        assert stream["/Params"]["/Size"] == len(stream.data)
    # signing-certificate-v2 is what makes it PAdES B-B rather than plain PKCS#7
    attrs = {a["type"].native for a in sig.signer_info["signed_attrs"]}
    assert "signing_certificate_v2" in attrs or "1.2.840.113549.1.9.16.2.47" in attrs


def spread(n: int) -> list[float]:
    return [(i + 0.5) / n for i in range(n)]


@pytest.mark.parametrize("where", spread(12))
def test_one_changed_byte_anywhere_breaks_it(signed: bytes, key_a: IssuerKey, where: float) -> None:
    position = 8 + int(where * (len(signed) - 9))  # past the '%PDF-1.x' header
    for change in (0x01, 0x20):
        tampered = bytearray(signed)
        tampered[position] ^= change
        v = verify_pdf(bytes(tampered), trusted=[key_a.cert_path])
        assert not v.ok, (position, change)
        assert not v.intact and v.problems, (position, change)


def test_changed_bytes_inside_the_signature_itself_break_it(
    signed: bytes, key_a: IssuerKey
) -> None:
    start, end = contents_gap(signed)
    hexdigits = signed[start + 1 : end - 1]
    der = bytes.fromhex(hexdigits.decode())
    size = int.from_bytes(der[2:4], "big") + 4  # 30 82 xx xx
    # SignedData.digestAlgorithms is not covered by the signature, but must still match
    digest_set = der.find(bytes.fromhex("310f300d06096086480165030402010500"))
    assert digest_set > 0
    positions = {
        "opening <": start,
        "closing >": end - 1,
        "first hex digit": start + 1,
        "middle of the signature": start + 1 + size,
        "digestAlgorithms": start + 1 + 2 * (digest_set + 12),
        "last DER digit": start + 2 * size,
        "zero padding": start + 1 + 2 * size + 10,
        "last padding digit": end - 2,
    }
    for what, position in positions.items():
        for change in (0x01, 0x02, 0x10):
            tampered = bytearray(signed)
            tampered[position] ^= change
            v = verify_pdf(bytes(tampered), trusted=[key_a.cert_path])
            assert not v.ok, (what, position, change)
            assert not v.intact, (what, position, change)
    # the same signature with a hex digit written in the other case
    letter = next(i for i in range(start + 1, end - 1) if signed[i : i + 1].isalpha())
    digit = signed[letter : letter + 1]
    other_case = signed[:letter] + digit.swapcase() + signed[letter + 1 :]
    v = verify_pdf(other_case, trusted=[key_a.cert_path])
    assert not v.ok and v.problems == ["the signature's own bytes were changed after signing"]


def test_bytes_appended_after_signing(signed: bytes, key_a: IssuerKey) -> None:
    extra = b"\n% a harmless-looking comment\n"
    v = verify_pdf(signed + extra, trusted=[key_a.cert_path])
    assert not v.ok and not v.covers_whole_file
    assert v.intact and v.trusted  # what was signed is still as it was
    assert v.problems == [f"{len(extra)} bytes were added to the file after it was signed"]
    assert v.attachments == ATTACHMENTS
    v = verify_pdf(signed + b"\n", trusted=[key_a.cert_path])
    assert v.problems == ["1 byte was added to the file after it was signed"]


def test_an_incremental_update_after_signing(signed: bytes, key_a: IssuerKey) -> None:
    """Someone swaps the score in an update: not ok, and the signed score is what is shown."""
    w = IncrementalPdfFileWriter(BytesIO(signed))
    tree = w.root["/Names"]["/EmbeddedFiles"]
    forged = generic.StreamObject(stream_data=b'{"total": 999, "level": 5}\n')
    spec = generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Filespec"),
            generic.pdf_name("/F"): generic.pdf_string("score.json"),
            generic.pdf_name("/EF"): generic.DictionaryObject(  # type: ignore[no-untyped-call]
                {generic.pdf_name("/F"): w.add_object(forged)}
            ),
        }
    )
    names = tree["/Names"]
    names[3] = w.add_object(spec)
    w.update_container(names)
    out = BytesIO()
    w.write(out)  # type: ignore[no-untyped-call]
    updated = out.getvalue()
    assert updated.startswith(signed) and len(updated) > len(signed)
    assert PdfFileReader(BytesIO(updated)).root["/Names"]["/EmbeddedFiles"]["/Names"][3]

    v = verify_pdf(updated, trusted=[key_a.cert_path])
    assert not v.ok and not v.covers_whole_file and v.intact
    assert v.problems[0].endswith("bytes were added to the file after it was signed")
    assert v.attachments == ATTACHMENTS  # the signed revision's, not the forged score


def test_a_second_untrusted_key(
    unsigned: bytes, signed: bytes, issuer_b: Issuer, key_a: IssuerKey, key_b: IssuerKey
) -> None:
    by_b = sign_pdf(unsigned, issuer_b, attachments=ATTACHMENTS)
    v = verify_pdf(by_b, trusted=[key_a.cert_path])
    assert not v.ok and not v.trusted and v.intact and v.covers_whole_file
    assert v.signer == "CN=Mallory,O=Other"
    assert v.problems == [
        f"the signer (CN=Mallory,O=Other, SHA-256 {key_b.fingerprint_sha256}) is not one of "
        "the trusted certificates"
    ]
    assert verify_pdf(by_b, trusted=[key_b.cert_path]).ok
    assert verify_pdf(by_b, trusted=[key_a.cert_path, key_b.cert_path]).ok

    # re-signing a genuine report with a different score: the last signature counts
    forged_score = b'{"total": 999, "level": 5}\n'
    re_signed = sign_pdf(signed, issuer_b, attachments={"score.json": forged_score})
    assert re_signed.startswith(signed)
    v = verify_pdf(re_signed, trusted=[key_a.cert_path])
    assert not v.ok and not v.trusted and v.covers_whole_file and v.intact
    assert v.signer == key_b.subject
    v = verify_pdf(re_signed, trusted=[key_b.cert_path])
    assert v.ok, v.problems
    assert v.attachments == {"assessment.json": ASSESSMENT, "score.json": forged_score}
    root = PdfFileReader(BytesIO(re_signed)).root
    assert len(root["/AF"]) == 2 and len(root["/Names"]["/EmbeddedFiles"]["/Names"]) == 4


def test_without_trusted_certificates_nothing_is_trusted(signed: bytes) -> None:
    v = verify_pdf(signed)
    assert v.intact and v.covers_whole_file and not v.trusted and not v.ok
    assert v.problems == [
        "the signer (CN=김철수,O=스마트공장 컨설팅) cannot be trusted: no trusted certificate "
        "given (--trust ISSUER.crt, the certificate the issuer gave you)"
    ]


def test_a_der_certificate_is_trusted_too(tmp_path: Path, signed: bytes, key_a: IssuerKey) -> None:
    cert = x509.load_pem_x509_certificate(key_a.cert_path.read_bytes())
    der = tmp_path / "issuer.der"
    der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    assert verify_pdf(signed, trusted=[der]).ok


def test_a_bad_trusted_certificate_file_is_named(tmp_path: Path, signed: bytes) -> None:
    bad = tmp_path / "bad.crt"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    with pytest.raises(SigningError, match=re.escape(f"{bad}: not a PEM or DER certificate")):
        verify_pdf(signed, trusted=[bad])
    with pytest.raises(SigningError, match=re.escape(f"{tmp_path / 'none.crt'}: cannot read")):
        verify_pdf(signed, trusted=[tmp_path / "none.crt"])


def make_ca_issued_p12(folder: Path, ca_organisation: str = "") -> tuple[Path, Path]:
    """A consultancy's PKCS#12 (EC P-256) issued by its own CA; returns (p12, CA cert).
    ``ca_organisation``: an O= in the CA's name only."""
    now = dt.datetime.now(dt.UTC)

    def name(cn: str) -> x509.Name:
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
        if ca_organisation and cn == "Consultancy CA":
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, ca_organisation))
        return x509.Name(attributes)

    def build(
        subject: str, issuer: str, public: ec.EllipticCurvePublicKey, ca: bool
    ) -> Callable[[ec.EllipticCurvePrivateKey], x509.Certificate]:
        usage = x509.KeyUsage(
            digital_signature=not ca,
            content_commitment=not ca,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=ca,
            crl_sign=ca,
            encipher_only=False,
            decipher_only=False,
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(name(subject))
            .issuer_name(name(issuer))
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(usage, critical=True)
        )
        return lambda key: builder.sign(key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = build("Consultancy CA", "Consultancy CA", ca_key.public_key(), True)(ca_key)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = build("Consultant", "Consultancy CA", leaf_key.public_key(), False)(ca_key)
    p12 = folder / "consultant.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"c", leaf_key, leaf, [ca], serialization.NoEncryption()
        )
    )
    ca_path = folder / "ca.crt"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return p12, ca_path


def test_a_consultancy_key_issued_by_its_own_ca(
    tmp_path: Path, unsigned: bytes, key_a: IssuerKey
) -> None:
    p12, ca = make_ca_issued_p12(tmp_path)
    issuer = load_issuer(p12)
    assert issuer.subject == "CN=Consultant"
    pdf = sign_pdf(unsigned, issuer, attachments=ATTACHMENTS)
    v = verify_pdf(pdf, trusted=[ca])  # trusting the CA trusts what it issued
    assert v.ok, v.problems
    assert v.signer == "CN=Consultant" and v.attachments == ATTACHMENTS
    v = verify_pdf(pdf, trusted=[key_a.cert_path])
    assert not v.ok and not v.trusted


def test_the_organisation_is_read_from_the_key_s_own_certificate(
    tmp_path: Path, key_a: IssuerKey, key_b: IssuerKey
) -> None:
    """What the report's cover names as its issuer (report.keys.issuer_organisation)."""
    from levelcheck.report.keys import issuer_organisation

    assert issuer_organisation(key_a.p12_path, None) == "스마트공장 컨설팅"
    assert issuer_organisation(key_b.p12_path, None) == "Other"
    assert issuer_organisation(init_keys(tmp_path / "k", name="Park").p12_path, None) == ""
    # a consultancy's key: the CA in the file names an organisation, the key's own
    # certificate does not
    p12, _ = make_ca_issued_p12(tmp_path, ca_organisation="Consultancy CA Ltd")
    assert issuer_organisation(p12, None) == ""
    # certificates encrypted with the passphrase: read with it
    locked = locked_copy(key_a, tmp_path / "locked.p12")
    assert issuer_organisation(locked, b"s3cret") == "스마트공장 컨설팅"
    # unreadable: no name (signing then says what is wrong)
    assert issuer_organisation(locked, b"wrong") == ""
    assert issuer_organisation(locked, None) == ""
    garbage = tmp_path / "garbage.p12"
    garbage.write_bytes(random.Random(2).randbytes(3000))
    assert issuer_organisation(garbage, None) == ""
    assert issuer_organisation(tmp_path / "missing.p12", None) == ""


def self_signed_p12(
    folder: Path, cn: str, start: dt.datetime, end: dt.datetime, *, for_signing: bool,
    organisation: str = "",
) -> tuple[Path, Path]:  # fmt: skip
    """A self-signed EC key (no key identifiers), with the subject CN=cn(,O=organisation)
    written as ``init_keys`` writes it."""
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if organisation:
        attributes.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    usage = x509.KeyUsage(
        digital_signature=for_signing,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=not for_signing,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    p12, crt = folder / f"{cn}{organisation}.p12", folder / f"{cn}{organisation}.crt"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"k", key, cert, None, serialization.NoEncryption())
    )
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, crt


def test_an_expired_or_unsuitable_certificate_is_not_trusted(
    tmp_path: Path, unsigned: bytes
) -> None:
    """pyHanko does not check a trust anchor itself; LevelCheck does, as of the signing time."""
    now = dt.datetime.now(dt.UTC)
    cases = [
        ("expired", now - dt.timedelta(days=30), now - dt.timedelta(days=1), True,
         "the signer's certificate was not valid when the report was signed ("),
        ("not-yet", now + dt.timedelta(days=1), now + dt.timedelta(days=30), True,
         "the signer's certificate was not valid when the report was signed ("),
        ("key-agreement", now - dt.timedelta(days=1), now + dt.timedelta(days=30), False,
         "the signer's certificate is not meant for signatures (key usage)"),
    ]  # fmt: skip
    for cn, start, end, for_signing, problem in cases:
        p12, crt = self_signed_p12(tmp_path, cn, start, end, for_signing=for_signing)
        v = verify_pdf(sign_pdf(unsigned, load_issuer(p12), attachments={}), trusted=[crt])
        assert v.intact and v.covers_whole_file and not v.trusted and not v.ok, cn
        assert len(v.problems) == 1 and v.problems[0].startswith(problem), (cn, v.problems)


def test_a_stranger_with_the_issuer_s_name_is_a_stranger(
    tmp_path: Path, unsigned: bytes, key_a: IssuerKey
) -> None:
    """Trust is by key, not name: a self-made certificate copying the trusted issuer's
    subject was "trusted but not usable (certificate chain general failure)", or only
    "not valid when signed" when its dates were off, as if it were the issuer's own."""
    now = dt.datetime.now(dt.UTC)
    for start, end in [(now - dt.timedelta(days=1), now + dt.timedelta(days=30)),
                       (now - dt.timedelta(days=30), now - dt.timedelta(days=1))]:  # fmt: skip
        p12, _ = self_signed_p12(tmp_path, "김철수", start, end, for_signing=True,
                                 organisation="스마트공장 컨설팅")  # fmt: skip
        impostor = load_issuer(p12)
        assert impostor.subject == key_a.subject
        v = verify_pdf(sign_pdf(unsigned, impostor, attachments={}), trusted=[key_a.cert_path])
        assert v.intact and not v.trusted and v.signatures == 1
        assert v.problems == [
            f"the signer ({key_a.subject}, SHA-256 {impostor.fingerprint_sha256}) is not one of "
            "the trusted certificates; a trusted certificate has the same name but another "
            "key: a copy of the name, or a key the issuer replaced (then trust their old "
            "certificate too: --trust OLD.crt)"
        ]
        p12.unlink()


def test_a_key_says_when_its_signatures_would_not_verify(tmp_path: Path, issuer_a: Issuer) -> None:
    now = dt.datetime.now(dt.UTC)
    assert issuer_a.unusable() is None
    cases = [
        (now - dt.timedelta(days=30), now - dt.timedelta(days=2), True,
         f"the certificate expired on {now - dt.timedelta(days=2):%Y-%m-%d}"),
        (now + dt.timedelta(days=2), now + dt.timedelta(days=30), True,
         f"the certificate is not valid before {now + dt.timedelta(days=2):%Y-%m-%d}"),
        (now - dt.timedelta(days=1), now + dt.timedelta(days=30), False,
         "the certificate is not meant for signatures (key usage)"),
    ]  # fmt: skip
    for n, (start, end, for_signing, why) in enumerate(cases):
        p12, _ = self_signed_p12(tmp_path, f"k{n}", start, end, for_signing=for_signing)
        assert load_issuer(p12).unusable() == why


def test_the_number_of_signatures_is_counted(
    unsigned: bytes, signed: bytes, issuer_b: Issuer
) -> None:
    assert verify_pdf(unsigned).signatures == 0
    assert verify_pdf(signed).signatures == 1
    assert verify_pdf(sign_pdf(signed, issuer_b, attachments={})).signatures == 2


# --------------------------------------------------------------------------- bad input


def test_an_unsigned_pdf_is_a_finding_not_an_error(unsigned: bytes, key_a: IssuerKey) -> None:
    v = verify_pdf(unsigned, trusted=[key_a.cert_path])
    assert not v.ok
    assert (v.intact, v.covers_whole_file, v.trusted) == (False, False, False)
    assert v.problems == ["no signature found: the PDF is not signed"]
    assert v.signer == "" and v.signed_at is None


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", random.Random(7).randbytes(4000), b"PK\x03\x04" + bytes(500)],
    ids=["empty", "text", "random", "zip"],
)
def test_not_a_pdf(data: bytes, issuer_a: Issuer) -> None:
    with pytest.raises(SigningError) as e:
        verify_pdf(data)
    assert str(e.value) == "not a PDF"
    with pytest.raises(SigningError) as e:
        sign_pdf(data, issuer_a, attachments={})
    assert str(e.value) == "not a PDF"


def test_a_damaged_pdf_is_not_ok_and_not_a_traceback(signed: bytes, issuer_a: Issuer) -> None:
    for damaged in (b"%PDF-1.7\n" + random.Random(3).randbytes(3000), signed[: len(signed) // 2],
                    signed[:-10]):  # fmt: skip
        v = verify_pdf(damaged)
        assert not v.ok and v.problems and v.damaged
        assert v.problems[0].startswith("the PDF is damaged or incomplete (")
        with pytest.raises(SigningError):
            sign_pdf(damaged, issuer_a, attachments={})


def test_verification_logs_nothing(
    signed: bytes, key_b: IssuerKey, caplog: pytest.LogCaptureFixture
) -> None:
    """pyHanko logs tracebacks for an untrusted signer; the user must not see them."""
    caplog.set_level(logging.DEBUG)
    tampered = bytearray(signed)
    tampered[len(signed) // 2] ^= 1
    verify_pdf(signed, trusted=[key_b.cert_path])
    verify_pdf(bytes(tampered), trusted=[key_b.cert_path])
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_poppler_sees_a_valid_pades_signature_over_the_whole_file(
    tmp_path: Path, signed: bytes
) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(signed)
    out = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False).stdout
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert "Total document signed" in out
    assert "Signature Validation: Signature is Valid." in out


def test_a_weak_rsa_key_is_named_as_weak(tmp_path: Path, unsigned: bytes) -> None:
    """RSA 1024 signed with exit 0, and verify then said only "crypto constraints failure"."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Small")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=9))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    p12, crt = tmp_path / "small.p12", tmp_path / "small.crt"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"k", key, cert, None, serialization.NoEncryption())
    )
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    weak = "the key is RSA 1024 bits, too weak: signatures need 2048 bits or more"
    issuer = load_issuer(p12)
    assert issuer.unusable() == weak
    v = verify_pdf(sign_pdf(unsigned, issuer, attachments={}), trusted=[crt])
    assert v.problems == [f"the signer's certificate is trusted but not usable: {weak}"]


def test_names_longer_than_a_certificate_takes_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(SigningError) as e:
        init_keys(tmp_path / "k", name="A" * 300)
    assert str(e.value) == "the name: at most 64 characters (a certificate's limit), not 300"
    with pytest.raises(SigningError) as e:
        init_keys(tmp_path / "k", name="김", organisation="한" * 65)
    assert str(e.value) == "the organisation: at most 64 characters (a certificate's limit), not 65"
    assert not (tmp_path / "k").exists()
    assert init_keys(tmp_path / "k", name="A" * 64).subject == "CN=" + "A" * 64


def test_a_key_without_passphrase_is_read_without_the_slow_key_check(
    key_a: IssuerKey, tmp_path: Path
) -> None:
    """cryptography's PKCS#12 loader checks an RSA key on every load (0.17 s for RSA
    3072, paid by every report); a file without a passphrase is read with asn1crypto
    and gives the same key, certificate and chain as the full loader."""
    from cryptography.hazmat.primitives.asymmetric import ec as ec_keys

    from levelcheck.report.signing import _plain_pkcs12

    for path in (key_a.p12_path, make_ca_issued_p12(tmp_path)[0]):
        data = path.read_bytes()
        fast = _plain_pkcs12(data)
        assert fast is not None, path
        key, cert, chain = pkcs12.load_key_and_certificates(data, None)
        assert key is not None and fast[0].public_key() == key.public_key()
        assert fast[1] == cert and fast[2] == chain
    # a key that is not its certificate's is still refused (swapped in with asn1crypto:
    # cryptography will not write such a file)
    from asn1crypto import core as asn1_core
    from asn1crypto import keys as asn1_keys
    from asn1crypto import pkcs12 as asn1_pkcs12

    other = ec_keys.generate_private_key(ec_keys.SECP256R1()).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())  # fmt: skip
    pfx = asn1_pkcs12.Pfx.load(key_a.p12_path.read_bytes())
    safe = asn1_pkcs12.AuthenticatedSafe.load(pfx["auth_safe"]["content"].native)
    for info in safe:
        bags = asn1_pkcs12.SafeContents.load(info["content"].native)
        for bag in bags:
            if bag["bag_id"].native == "key_bag":
                bag["bag_value"] = asn1_keys.PrivateKeyInfo.load(other)
        info["content"] = asn1_core.OctetString(bags.dump(force=True))
    pfx["auth_safe"]["content"] = asn1_core.OctetString(safe.dump(force=True))
    bad = tmp_path / "mismatch.p12"
    bad.write_bytes(pfx.dump(force=True))
    assert _plain_pkcs12(bad.read_bytes()) is not None
    with pytest.raises(SigningError, match="not an RSA or EC key matching its certificate"):
        load_issuer(bad)
    assert _plain_pkcs12(b"garbage") is None
