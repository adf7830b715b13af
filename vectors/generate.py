#!/usr/bin/env python3
"""Known-answer test vectors for webhook-signatures.

Run from the repository root:

    python3 vectors/generate.py           # rewrite vectors/*.json
    python3 vectors/generate.py --check   # regenerate in memory, exit 1 if the files differ

Independence: every expected value in the JSON files is computed here with
Python's standard library (hmac, hashlib, base64) and cross-checked against the
OpenSSL command line (`openssl dgst -<alg> -mac HMAC`, `openssl dgst -sha1 -hmac`,
`openssl base64`). Nothing is ever taken from the TypeScript library under
test. Each case's expected result is also re-derived by the small reference
verifier below (a literal reading of the contract in /work/shared/SPEC.md) and
the script stops if the two disagree, so a hand-written expectation cannot be
silently wrong.

File format (one file per scheme, consumed by the TypeScript test runner):

    {
      "scheme": "tikinow" | "tiki-basic" | "mobility-work" | "hmac-base64" | "hmac-hex",
      "function": "verifyTikiSha1" | "verifyBasicAuth" | "verifyMwSignature" | "verifyHmacBase64" | "verifyHmacHex",
      "generator": "vectors/generate.py",
      "valid": [Case, ...],
      "invalid": [Case, ...]
    }
    Case = {
      "title": sentence, "source": URL or generator/openssl,
      "input": {...},                       # per scheme, see vectors/README.md
      "expected": {"ok": true, ...extras} | {"ok": false, "reason": "..."},
      "sign": true                          # optional: signer must return input's signature verbatim
    }
    Body   = {"utf8": text} | {"hex": "00ff"} | {"pattern": text, "bytes": N}
    Secret = {"utf8": text} | {"hex": "00ff"}   (hex = binary secret, a Uint8Array)

"pattern" means the UTF-8 bytes of text repeated and cut to exactly N bytes.
Output is deterministic: no clock, no randomness, cases in a fixed order,
2-space indent, UTF-8 (non-ASCII kept readable), trailing newline.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "vectors/generate.py"
MIB = 1048576
DIGEST_SIZE = {"sha1": 20, "sha256": 32, "sha512": 64}

# ---------------------------------------------------------------- sources
SRC_TIKI_STOCK = "https://open.tiki.vn/docs/docs/tikinow-smart-logistics/inventory/webhook-sync-stock/"
SRC_TIKI_BASIC = (
    "https://github.com/chuyencungcap/open-api-docs/blob/"
    "be99e57d0730526aa06056675b74f1533138da5f/source/includes/_api_guides_webhook.md"
)
SRC_MW = "https://docs.mobility-work.com/partners/webhooks-spare-part-was-out-of-stock"
SRC_EWH = "https://api.docs.ewarehousing-solutions.com/webhook-setup"
SRC_TILBY_SECURITY = "https://developer.tilby.com/docs/security"
SRC_TILBY_INTRO = "https://developer.tilby.com/docs/introduction"
SRC_HMAC = "vectors/generate.py (Python hmac)"
SRC_B64 = "vectors/generate.py (Python base64)"
SRC_RULES = "vectors/generate.py (header rules of SPEC.md)"
SRC_OPENSSL_SHA1 = "openssl dgst -sha1 -hmac"

# ---------------------------------------------------------------- bytes
def U(text):
    return {"utf8": text}


def HX(raw):
    return {"hex": raw.hex()}


def PAT(text, n=MIB):
    return {"pattern": text, "bytes": n}


def to_bytes(spec):
    keys = set(spec)
    if keys == {"utf8"}:
        return spec["utf8"].encode("utf-8")
    if keys == {"hex"}:
        return bytes.fromhex(spec["hex"])
    if keys == {"pattern", "bytes"}:
        unit = spec["pattern"].encode("utf-8")
        n = spec["bytes"]
        return (unit * (n // len(unit) + 1))[:n]
    raise ValueError("bad byte spec %r" % (spec,))


def secret_list(spec):
    return [to_bytes(s) for s in spec] if isinstance(spec, list) else [to_bytes(spec)]


# ---------------------------------------------------------------- OpenSSL cross-check
_openssl_cache = {}
OPENSSL_CHECKS = [0]


def openssl_hmac(algo, key, msg):
    """Raw HMAC computed by the openssl CLI (binary key passed as hex)."""
    ck = (algo, key, hashlib.sha256(msg).digest(), len(msg))
    if ck not in _openssl_cache:
        out = subprocess.run(
            ["openssl", "dgst", "-" + algo, "-mac", "HMAC", "-macopt", "hexkey:" + key.hex(), "-binary"],
            input=msg, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True,
        ).stdout
        _openssl_cache[ck] = out
        OPENSSL_CHECKS[0] += 1
    return _openssl_cache[ck]


def openssl_hmac_textkey_hex(algo, key_text, msg):
    """`openssl dgst -<algo> -hmac <key>` exactly as a person would type it; returns hex."""
    out = subprocess.run(
        ["openssl", "dgst", "-" + algo, "-hmac", key_text],
        input=msg, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True,
    ).stdout.decode("ascii").strip()
    # "HMAC-SHA1(stdin)= <hex>" (OpenSSL 3) or "(stdin)= <hex>" (1.x)
    return out.rsplit("= ", 1)[1].strip()


def openssl_base64(raw):
    return subprocess.run(
        ["openssl", "base64", "-A"], input=raw, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True,
    ).stdout.decode("ascii").strip()


def mac(algo, key, msg):
    """HMAC by Python, asserted equal to OpenSSL's for every value used in the vectors."""
    digest = hmac.new(key, msg, getattr(hashlib, algo)).digest()
    assert digest == openssl_hmac(algo, key, msg), ("python/openssl HMAC disagree", algo)
    return digest


def hexmac(algo, key, msg):
    return mac(algo, key, msg).hex()


def b64mac(algo, key, msg):
    return base64.b64encode(mac(algo, key, msg)).decode("ascii")


# ---------------------------------------------------------------- canonical signers (Python)
def sign_tiki(body, key):
    return "sha1=" + hexmac("sha1", key, body)


def basic_header(ident, secret):
    return "Basic " + base64.b64encode((ident + ":" + secret).encode("utf-8")).decode("ascii")


def mw_content(t, nonce, body):
    return t.encode("ascii") + b"." + nonce.encode("ascii") + b"." + body


def sign_mw(body, key, t, nonce):
    return "t=%s,nonce=%s,signature=%s" % (t, nonce, hexmac("sha256", key, mw_content(t, nonce, body)))


# ---------------------------------------------------------------- reference verifier (the contract)
WS = " \t\r\n\f\v"


def ok(**extra):
    r = {"ok": True}
    r.update(extra)
    return r


def fail(reason):
    return {"ok": False, "reason": reason}


def header_value(v):
    """(value, None) or (None, reason). Arrays: identical values = that value."""
    if v is None:
        return None, "missing_header"
    if isinstance(v, list):
        if not v:
            return None, "missing_header"
        if any(x != v[0] for x in v):
            return None, "malformed_header"
        v = v[0]
    s = v.strip(WS)
    if not s:
        return None, "missing_header"
    return s, None


def hex_ok(s, nbytes):
    return re.fullmatch("[0-9A-Fa-f]{%d}" % (2 * nbytes), s) is not None


def b64_strict(s):
    """Decoded bytes of canonical, padded, standard-alphabet base64, else None."""
    if len(s) % 4 or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", s):
        return None
    try:
        raw = base64.b64decode(s, validate=True)
    except ValueError:
        return None
    return raw if base64.b64encode(raw).decode("ascii") == s else None


def matching_secret(algo, spec, msg, sig):
    """None when no secret matches; else the extras of the success: for a rotation list, the
    index of the first secret that matches (secretIndex), for a single secret nothing."""
    for i, k in enumerate(secret_list(spec)):
        if hmac.compare_digest(mac(algo, k, msg), sig):
            return {"secretIndex": i} if isinstance(spec, list) else {}
    return None


def ref_tikinow(inp):
    s, err = header_value(inp["signature"])
    if err:
        return fail(err)
    if s[:5].lower() != "sha1=" or not hex_ok(s[5:], 20):
        return fail("malformed_header")
    match = matching_secret("sha1", inp["secret"], to_bytes(inp["body"]), bytes.fromhex(s[5:]))
    if match is None:
        return fail("signature_mismatch")
    return ok(**match)


def ref_basic(inp):
    s, err = header_value(inp["authorization"])
    if err:
        return fail(err)
    m = re.fullmatch(r"[Bb][Aa][Ss][Ii][Cc] +(\S+)", s)
    raw = b64_strict(m.group(1)) if m else None
    if raw is None:
        return fail("malformed_header")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return fail("malformed_header")
    if ":" not in text:
        return fail("malformed_header")
    ident, secret = text.split(":", 1)
    for c in inp["credentials"]:
        if c["id"] == ident and c["secret"] == secret:
            return ok(id=c["id"])
    return fail("signature_mismatch")


def ref_mw(inp):
    s, err = header_value(inp["signature"])
    if err:
        return fail(err)
    fields = {}
    for i, part in enumerate(s.split(",")):
        if i:
            part = part.lstrip(" ")
        key, eq, val = part.partition("=")
        if key in ("t", "nonce", "signature"):
            if key in fields or not eq:
                return fail("malformed_header")
            fields[key] = val
    if len(fields) != 3:
        return fail("malformed_header")
    t, nonce, sig = fields["t"], fields["nonce"], fields["signature"]
    if not re.fullmatch("[0-9]+", t) or not re.fullmatch(r"[\x21-\x2b\x2d\x2f-\x7e]+", nonce) or not hex_ok(sig, 32):
        return fail("malformed_header")
    match = matching_secret("sha256", inp["secret"], mw_content(t, nonce, to_bytes(inp["body"])), bytes.fromhex(sig))
    if match is None:
        return fail("signature_mismatch")
    tol = inp.get("toleranceSeconds", 300)
    ts = int(t)
    if tol != "Infinity":
        diff_ms = inp["now"] - ts * 1000          # exact integer arithmetic, now is not floored
        if diff_ms > tol * 1000:
            return fail("timestamp_too_old")
        if -diff_ms > tol * 1000:
            return fail("timestamp_too_new")
    return ok(timestamp=ts, nonce=nonce, **match)


def ref_b64(inp):
    algo = inp.get("algorithm", "sha256")
    s, err = header_value(inp["signature"])
    if err:
        return fail(err)
    raw = b64_strict(s)
    if raw is None or len(raw) != DIGEST_SIZE[algo]:
        return fail("malformed_header")
    match = matching_secret(algo, inp["secret"], to_bytes(inp["body"]), raw)
    if match is None:
        return fail("signature_mismatch")
    return ok(**match)


def ref_hex(inp):
    algo = inp.get("algorithm", "sha256")
    prefix = inp.get("prefix", "")
    s, err = header_value(inp["signature"])
    if err:
        return fail(err)
    if prefix:
        if s[:len(prefix)].lower() != prefix.lower():
            return fail("malformed_header")
        s = s[len(prefix):]
    if not hex_ok(s, DIGEST_SIZE[algo]):
        return fail("malformed_header")
    match = matching_secret(algo, inp["secret"], to_bytes(inp["body"]), bytes.fromhex(s))
    if match is None:
        return fail("signature_mismatch")
    return ok(**match)


# ---------------------------------------------------------------- signers used to check "sign": true
def signed_tikinow(inp, exp):
    return sign_tiki(to_bytes(inp["body"]), to_bytes(inp["secret"])), inp["signature"]


def signed_basic(inp, exp):
    (c,) = inp["credentials"]
    return basic_header(c["id"], c["secret"]), inp["authorization"]


def signed_mw(inp, exp):
    return sign_mw(to_bytes(inp["body"]), to_bytes(inp["secret"]), str(exp["timestamp"]), exp["nonce"]), inp["signature"]


def signed_b64(inp, exp):
    return b64mac(inp.get("algorithm", "sha256"), to_bytes(inp["secret"]), to_bytes(inp["body"])), inp["signature"]


def signed_hex(inp, exp):
    algo = inp.get("algorithm", "sha256")
    return inp.get("prefix", "") + hexmac(algo, to_bytes(inp["secret"]), to_bytes(inp["body"])), inp["signature"]


# ---------------------------------------------------------------- file builder
class VectorFile:
    def __init__(self, scheme, function, ref, signed, secret_key):
        self.scheme, self.function, self.ref, self.signed = scheme, function, ref, signed
        self.secret_key = secret_key
        self.valid_cases, self.invalid_cases, self.titles = [], [], set()

    def _case(self, title, source, inp, expected, sign):
        assert title not in self.titles, "duplicate title: " + title
        self.titles.add(title)
        got = self.ref(inp)
        assert got == expected, "%s: %s: reference verifier says %r, case says %r" % (self.scheme, title, got, expected)
        case = {"title": title, "source": source, "input": inp, "expected": expected}
        if sign:
            assert expected["ok"], title
            assert not isinstance(inp[self.secret_key], list) or (
                self.secret_key == "credentials" and len(inp["credentials"]) == 1), title
            produced, given = self.signed(inp, expected)
            assert produced == given, "%s: %s: signer gives %r, input has %r" % (self.scheme, title, produced, given)
            case["sign"] = True
        return case

    def valid(self, title, source, inp, sign=False, **extra):
        self.valid_cases.append(self._case(title, source, inp, ok(**extra), sign))

    def invalid(self, title, source, inp, reason):
        self.invalid_cases.append(self._case(title, source, inp, fail(reason), False))

    def document(self):
        assert self.valid_cases and self.invalid_cases
        return {
            "scheme": self.scheme,
            "function": self.function,
            "generator": GENERATOR,
            "valid": self.valid_cases,
            "invalid": self.invalid_cases,
        }


def missing_variants(vf, make, what):
    vf.invalid("A null %s means the header is absent." % what, SRC_RULES, make(None), "missing_header")
    vf.invalid("An empty-string %s counts as missing." % what, SRC_RULES, make(""), "missing_header")
    vf.invalid("Only whitespace in %s counts as missing." % what, SRC_RULES, make("  \t "), "missing_header")
    vf.invalid("An empty array of %s values counts as missing." % what, SRC_RULES, make([]), "missing_header")
    vf.invalid("An array holding one empty %s value counts as missing." % what, SRC_RULES, make([""]),
               "missing_header")


def flip_unused_b64_bits(sig):
    """Same decoded bytes, non-canonical text: flip the lowest (unused) bit of the last data character."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    data = sig.rstrip("=")
    pad = sig[len(data):]
    assert pad, "needs padding to have unused bits"
    alt = data[:-1] + alphabet[alphabet.index(data[-1]) ^ 1] + pad
    assert base64.b64decode(alt) == base64.b64decode(sig) and alt != sig
    return alt


# ================================================================ TikiNOW (x-signature: sha1=<hex>)
TIKI_DOC_BODY = (
    '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn",'
    '"qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}'
)
TIKI_DOC_HEADER = "sha1=d929b12836ce52528db1bc25797186c86b13b4ee"
TIKI_DOC_SECRET = "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0"
TIKI_DOC_EXPECTED = "f967afd72827f2cc15bd6d25cf9c86631d48213f"
TIKI_DEMO_SECRET = "demo_secret_for_tikinow_webhooks"
TIKI_PAYLOAD_SAMPLE = (  # "1. Data payload" block of the same page, as printed
    '{\n  "data": {\n    "date": "2022-11-24T11:12:20+07:00",\n    "sku": "7445601428884",\n'
    '    "warehouse": "sgn3",\n    "qty_salable": 147,\n    "seller_product_code": "9772945762401",\n'
    '    "partner_id": "4312132323"\n  }\n}'
)
VI_REASON = "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình"
BIN_SECRET = bytes(range(0, 256, 8))  # 32 bytes with 0x00 and many bytes that are not valid UTF-8


def assert_tiki_docs_example():
    body = TIKI_DOC_BODY.encode("utf-8")
    assert b'"partner_id": "4312132323"' in body and len(body) == 162, len(body)
    py = hmac.new(TIKI_DOC_SECRET.encode(), body, hashlib.sha1).hexdigest()
    ossl = openssl_hmac_textkey_hex("sha1", TIKI_DOC_SECRET, body)
    assert py == ossl == TIKI_DOC_EXPECTED, (py, ossl)
    assert TIKI_DOC_HEADER[5:] != TIKI_DOC_EXPECTED


def build_tikinow():
    vf = VectorFile("tikinow", "verifyTikiSha1", ref_tikinow, signed_tikinow, "secret")
    doc, demo, binary = U(TIKI_DOC_SECRET), U(TIKI_DEMO_SECRET), HX(BIN_SECRET)
    sk = lambda body, key: sign_tiki(to_bytes(body), to_bytes(key))
    inp = lambda body, secret, sig: {"body": body, "secret": secret, "signature": sig}
    body = U(TIKI_DOC_BODY)
    good = sk(body, doc)
    assert good == "sha1=" + TIKI_DOC_EXPECTED

    vf.valid("The documented curl body (with the space after \"partner_id\":) verifies under the docs' example secret.",
             SRC_OPENSSL_SHA1, inp(body, doc, good), sign=True)
    sample = U(TIKI_PAYLOAD_SAMPLE)
    vf.valid("The pretty-printed payload sample of the docs page verifies as sent, newlines included.",
             SRC_TIKI_STOCK, inp(sample, demo, sk(sample, demo)), sign=True)
    vi = U('{"data":{"date":"2023-05-16T09:12:45+07:00","ref_code":"RC-20230516-0001","order_code":"412345678",'
           '"main_state":"canceled","extra_info":{"cancel_reason_code":"seller_out_of_stock","cancel_reason":"%s"}}}'
           % VI_REASON)
    vi_sig = sk(vi, demo)
    vf.valid("A Vietnamese (non-ASCII) body is signed over its UTF-8 bytes.", SRC_HMAC, inp(vi, demo, vi_sig), sign=True)
    vf.valid("The same Vietnamese body given as raw bytes verifies with the same signature.",
             SRC_HMAC, inp(HX(to_bytes(vi)), demo, vi_sig), sign=True)
    vf.valid("An empty body has a valid signature of its own.", SRC_HMAC, inp(U(""), demo, sk(U(""), demo)), sign=True)
    crlf = U('{\r\n  "data": {\r\n    "sku": "7445601428884",\r\n    "qty_salable": 147\r\n  }\r\n}')
    vf.valid("A body with CRLF line endings is signed byte for byte.", SRC_HMAC, inp(crlf, demo, sk(crlf, demo)), sign=True)
    nl = U(TIKI_DOC_BODY + "\n")
    vf.valid("A body with a trailing newline is signed including that newline.",
             SRC_HMAC, inp(nl, doc, sk(nl, doc)), sign=True)
    vf.valid("A binary secret (bytes that are not UTF-8) is used as raw bytes.",
             SRC_HMAC, inp(body, binary, sk(body, binary)), sign=True)
    big = PAT('{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","qty_salable":60}}\n')
    vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(big, demo, sk(big, demo)), sign=True)
    vf.valid("Uppercase hex digits are accepted.", SRC_HMAC, inp(body, doc, "sha1=" + TIKI_DOC_EXPECTED.upper()))
    vf.valid("The prefix is case-insensitive: SHA1= is accepted.", SRC_HMAC, inp(body, doc, "SHA1=" + TIKI_DOC_EXPECTED))
    vf.valid("A mixed-case prefix Sha1= with mixed-case hex is accepted.", SRC_HMAC,
             inp(body, doc, "Sha1=" + TIKI_DOC_EXPECTED[:20].upper() + TIKI_DOC_EXPECTED[20:]))
    vf.valid("Whitespace around the header value is ignored.", SRC_HMAC, inp(body, doc, "  " + good + " \t"))
    vf.valid("With a rotation list, the second secret matching is enough, and its index is told.", SRC_HMAC,
             inp(body, [demo, doc], good), secretIndex=1)
    vf.valid("A rotation list may mix a binary secret and a text secret.", SRC_HMAC,
             inp(body, [doc, binary], sk(body, binary)), secretIndex=1)
    vf.valid("With a rotation list whose first secret matches, index 0 is told.", SRC_HMAC,
             inp(body, [doc, demo], good), secretIndex=0)
    vf.valid("An array of two identical header values counts as that value.", SRC_RULES, inp(body, doc, [good, good]))
    vf.valid("An array holding one header value counts as that value.", SRC_RULES, inp(body, doc, [good]))

    vf.invalid("The documented curl example (placeholder signature) does not verify under the docs' example secret.",
               SRC_TIKI_STOCK, inp(body, doc, TIKI_DOC_HEADER), "signature_mismatch")
    vf.invalid("The documented curl example does not verify under a demo secret.",
               SRC_TIKI_STOCK, inp(body, demo, TIKI_DOC_HEADER), "signature_mismatch")
    vf.invalid("The documented curl example does not verify under any secret of a rotation list.",
               SRC_TIKI_STOCK, inp(body, [doc, demo, binary], TIKI_DOC_HEADER), "signature_mismatch")
    missing_variants(vf, lambda v: inp(body, doc, v), "x-signature")
    vf.invalid("Bare hex without the sha1= prefix is malformed.", SRC_RULES, inp(body, doc, TIKI_DOC_EXPECTED),
               "malformed_header")
    vf.invalid("A sha256= prefix is malformed.", SRC_RULES,
               inp(body, doc, "sha256=" + hexmac("sha256", to_bytes(doc), to_bytes(body))), "malformed_header")
    vf.invalid("A colon instead of the equals sign after sha1 is malformed.", SRC_RULES,
               inp(body, doc, "sha1:" + TIKI_DOC_EXPECTED), "malformed_header")
    vf.invalid("The prefix with no hex digits is malformed.", SRC_RULES, inp(body, doc, "sha1="), "malformed_header")
    vf.invalid("39 hex digits are malformed.", SRC_RULES, inp(body, doc, good[:-1]), "malformed_header")
    vf.invalid("41 hex digits are malformed.", SRC_RULES, inp(body, doc, good + "0"), "malformed_header")
    vf.invalid("A non-hex character among 40 digits is malformed.", SRC_RULES,
               inp(body, doc, good[:-1] + "g"), "malformed_header")
    vf.invalid("A base64 signature is malformed.", SRC_RULES,
               inp(body, doc, "sha1=" + b64mac("sha1", to_bytes(doc), to_bytes(body))), "malformed_header")
    vf.invalid("Two different header values are malformed.", SRC_RULES, inp(body, doc, [good, TIKI_DOC_HEADER]),
               "malformed_header")
    vf.invalid("One byte of the body changed (qty_salable 60 to 61) does not verify.", SRC_HMAC,
               inp(U(TIKI_DOC_BODY.replace('"qty_salable":60', '"qty_salable":61')), doc, good), "signature_mismatch")
    pretty = json.dumps(json.loads(TIKI_DOC_BODY), indent=2)
    vf.invalid("The same JSON re-serialised pretty-printed does not verify.", SRC_HMAC,
               inp(U(pretty), doc, good), "signature_mismatch")
    compact = json.dumps(json.loads(TIKI_DOC_BODY), separators=(",", ":"))
    assert compact != TIKI_DOC_BODY
    vf.invalid("The same JSON re-serialised compactly (JSON.stringify drops the space) does not verify.", SRC_HMAC,
               inp(U(compact), doc, good), "signature_mismatch")
    vf.invalid("The body without the trailing newline that was signed does not verify.", SRC_HMAC,
               inp(body, doc, sk(nl, doc)), "signature_mismatch")
    vf.invalid("The CRLF body with its line endings turned into LF does not verify.", SRC_HMAC,
               inp(U(crlf["utf8"].replace("\r\n", "\n")), demo, sk(crlf, demo)), "signature_mismatch")
    nfd = unicodedata.normalize("NFD", vi["utf8"])
    assert nfd != vi["utf8"]
    vf.invalid("The Vietnamese body in Unicode NFD form (same text, other bytes; given as hex) does not verify.", SRC_HMAC,
               inp(HX(nfd.encode("utf-8")), demo, vi_sig), "signature_mismatch")
    vf.invalid("The hex text of a binary secret is not the binary secret.", SRC_HMAC,
               inp(body, U(BIN_SECRET.hex()), sk(body, binary)), "signature_mismatch")
    vf.invalid("A signature made with another secret does not verify.", SRC_HMAC,
               inp(body, doc, sk(body, demo)), "signature_mismatch")
    return vf


# ================================================================ Tiki Open API (Authorization: Basic)
BASIC_ID = "iyofim3eru0bkiwz"
BASIC_SECRET = "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd"
BASIC_DOC_HEADER = "Basic aXlvZmltM2VydTBia2l3ejpCdXFpY0Ixa3djeTRUbDlkaWtxUEI3RmtQd2REaDhmZA=="


def assert_basic_docs_example():
    assert basic_header(BASIC_ID, BASIC_SECRET) == BASIC_DOC_HEADER
    assert "Basic " + openssl_base64((BASIC_ID + ":" + BASIC_SECRET).encode()) == BASIC_DOC_HEADER


def build_basic():
    vf = VectorFile("tiki-basic", "verifyBasicAuth", ref_basic, signed_basic, "credentials")
    cred = lambda i, s: {"id": i, "secret": s}
    doc = cred(BASIC_ID, BASIC_SECRET)
    other = cred("seller-42", "s3cr3t>>>???")
    inp = lambda creds, auth: {"credentials": creds, "authorization": auth}
    tok = BASIC_DOC_HEADER[len("Basic "):]
    other_hdr = basic_header(other["id"], other["secret"])
    other_tok = other_hdr[len("Basic "):]
    assert "+" in other_tok and "/" in other_tok and other_tok.endswith("=")

    vf.valid("The published header verifies against the published credentials.", SRC_TIKI_BASIC,
             inp([doc], BASIC_DOC_HEADER), sign=True, id=BASIC_ID)
    vf.valid("The scheme name is case-insensitive: basic in lowercase.", SRC_RULES, inp([doc], "basic " + tok),
             id=BASIC_ID)
    vf.valid("The scheme name is case-insensitive: BASIC in uppercase.", SRC_RULES, inp([doc], "BASIC " + tok),
             id=BASIC_ID)
    vf.valid("Several spaces after the scheme name are accepted.", SRC_RULES, inp([doc], "Basic   " + tok), id=BASIC_ID)
    vf.valid("With several pairs, the second one matching gives its id.", SRC_B64,
             inp([doc, other], other_hdr), id="seller-42")
    vf.valid("Two pairs with the same id and rotated secrets: the second secret matches.", SRC_B64,
             inp([cred(BASIC_ID, "old-secret-0000"), doc], BASIC_DOC_HEADER), id=BASIC_ID)
    vf.valid("A token whose base64 contains + and / and padding verifies.", SRC_B64, inp([other], other_hdr),
             sign=True, id="seller-42")
    nonascii = cred("nguoi-ban-01", "mật-khẩu-bí-mật")
    vf.valid("A non-ASCII secret is encoded as UTF-8 before base64.", SRC_B64,
             inp([nonascii], basic_header(nonascii["id"], nonascii["secret"])), sign=True, id="nguoi-ban-01")
    nonascii_id = cred("người-bán", "secret")
    vf.valid("A non-ASCII id is encoded as UTF-8 before base64.", SRC_B64,
             inp([nonascii_id], basic_header(nonascii_id["id"], nonascii_id["secret"])), sign=True, id="người-bán")
    colon = cred("shop", "pa:ss:word")
    vf.valid("The id ends at the first colon; the secret may contain colons.", SRC_B64,
             inp([colon], basic_header(colon["id"], colon["secret"])), sign=True, id="shop")
    vf.valid("An array of two identical Authorization values counts as that value.", SRC_RULES,
             inp([doc], [BASIC_DOC_HEADER, BASIC_DOC_HEADER]), id=BASIC_ID)

    vf.invalid("The published header against a wrong secret does not match.", SRC_TIKI_BASIC,
               inp([cred(BASIC_ID, "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fe")], BASIC_DOC_HEADER), "signature_mismatch")
    vf.invalid("The published header against a wrong id does not match.", SRC_TIKI_BASIC,
               inp([cred("iyofim3eru0bkiwy", BASIC_SECRET)], BASIC_DOC_HEADER), "signature_mismatch")
    vf.invalid("Secrets are case-sensitive.", SRC_TIKI_BASIC,
               inp([cred(BASIC_ID, BASIC_SECRET.lower())], BASIC_DOC_HEADER), "signature_mismatch")
    vf.invalid("Ids are case-sensitive.", SRC_TIKI_BASIC,
               inp([cred(BASIC_ID.upper(), BASIC_SECRET)], BASIC_DOC_HEADER), "signature_mismatch")
    vf.invalid("Id and secret swapped do not match.", SRC_B64,
               inp([doc], basic_header(BASIC_SECRET, BASIC_ID)), "signature_mismatch")
    vf.invalid("No pair in the list matches.", SRC_TIKI_BASIC, inp([other, colon], BASIC_DOC_HEADER),
               "signature_mismatch")
    missing_variants(vf, lambda v: inp([doc], v), "Authorization")
    vf.invalid("A Bearer token is malformed.", SRC_RULES, inp([doc], "Bearer " + tok), "malformed_header")
    vf.invalid("The bare word Basic without a token is malformed.", SRC_RULES, inp([doc], "Basic"), "malformed_header")
    vf.invalid("Basic with no space before the token is malformed.", SRC_RULES, inp([doc], "Basic" + tok),
               "malformed_header")
    vf.invalid("A token without the scheme name is malformed.", SRC_RULES, inp([doc], tok), "malformed_header")
    vf.invalid("Characters outside base64 are malformed.", SRC_RULES, inp([doc], "Basic !!!!"), "malformed_header")
    vf.invalid("A stray character inside the base64 is malformed.", SRC_RULES,
               inp([doc], "Basic " + tok[:10] + "*" + tok[10:]), "malformed_header")
    vf.invalid("Two tokens after the scheme are malformed.", SRC_RULES, inp([doc], BASIC_DOC_HEADER + " extra"),
               "malformed_header")
    vf.invalid("Base64 of an id without a colon is malformed.", SRC_B64,
               inp([doc], "Basic " + base64.b64encode(BASIC_ID.encode()).decode()), "malformed_header")
    vf.invalid("base64url characters (- and _) are malformed.", SRC_B64,
               inp([other], "Basic " + other_tok.replace("+", "-").replace("/", "_")), "malformed_header")
    vf.invalid("The published token without its == padding is malformed.", SRC_TIKI_BASIC,
               inp([doc], BASIC_DOC_HEADER.rstrip("=")), "malformed_header")
    vf.invalid("A non-canonical last base64 character (same bytes) is malformed.", SRC_B64,
               inp([doc], "Basic " + flip_unused_b64_bits(tok)), "malformed_header")
    vf.invalid("Decoded bytes that are not valid UTF-8 are malformed.", SRC_B64,
               inp([doc], "Basic " + base64.b64encode(b"iyofim3eru0bkiwz:\xff\xfe").decode()), "malformed_header")
    vf.invalid("Two different Authorization values are malformed.", SRC_RULES,
               inp([doc, other], [BASIC_DOC_HEADER, other_hdr]), "malformed_header")
    return vf


# ================================================================ Mobility Work (X-MW-Signature)
MW_T = 1660338149
MW_NONCE = "752c14ea195c460bac3c3b7896975ee9fd15eeb7"
MW_DOC_SIG = "0b218e3166231b8b44ed11b5401d4de5e7e79d3e7d51415338a3e76df29372ba"
MW_SECRET = "mw_webhook_secret_key_example_01"
MW_BODY = (  # request body example of the "Spare part was out of stock" page, as printed
    '{\n  "_event": "string",\n  "_date": "2024-07-29T15:51:28.071Z",\n  "_metadata": [\n    null\n  ],\n'
    '  "stock": {\n    "location": {\n      "locationId": "string",\n      "name": "string"\n    }\n  },\n'
    '  "sparePart": {\n    "sparePartId": "string",\n    "name": "string",\n    "articleCode": "string"\n  },\n'
    '  "movement": {\n    "on": "2024-07-29T15:51:28.071Z"\n  }\n}'
)


def build_mw():
    vf = VectorFile("mobility-work", "verifyMwSignature", ref_mw, signed_mw, "secret")
    T, N = MW_T, MW_NONCE
    ts = str(T)
    key = U(MW_SECRET)
    body = U(MW_BODY)
    sig_of = lambda b, k, t=ts, n=N: hexmac("sha256", to_bytes(k), mw_content(t, n, to_bytes(b)))
    S = sig_of(body, key)
    hdr = "t=%s,nonce=%s,signature=%s" % (ts, N, S)
    now0 = T * 1000

    def inp(sig, now=now0, b=body, k=key, tol=None):
        d = {"body": b, "secret": k, "signature": sig, "now": now}
        if tol is not None:
            d["toleranceSeconds"] = tol
        return d

    good = dict(timestamp=T, nonce=N)
    vf.valid("The docs' t and nonce with the page's example body verify at the same instant.", SRC_MW, inp(hdr),
             sign=True, **good)
    vf.valid("Exactly 300 s after t passes (the window is inclusive).", SRC_HMAC, inp(hdr, (T + 300) * 1000), **good)
    vf.valid("Exactly 300 s before t passes (the window is inclusive).", SRC_HMAC, inp(hdr, (T - 300) * 1000), **good)
    vf.valid("299.999 s after t passes: now is compared in milliseconds.", SRC_HMAC,
             inp(hdr, (T + 300) * 1000 - 1), **good)
    vf.valid("A toleranceSeconds of 3600 accepts a delivery exactly one hour old.", SRC_HMAC,
             inp(hdr, (T + 3600) * 1000, tol=3600), **good)
    vf.valid("A toleranceSeconds of Infinity accepts a delivery ten years old.", SRC_HMAC,
             inp(hdr, (T + 10 * 365 * 86400) * 1000, tol="Infinity"), **good)
    vf.valid("A toleranceSeconds of Infinity accepts a timestamp far in the future.", SRC_HMAC,
             inp(hdr, 0, tol="Infinity"), **good)
    vf.valid("A toleranceSeconds of 0 accepts now equal to t.", SRC_HMAC, inp(hdr, now0, tol=0), **good)
    vf.valid("Fields in another order verify.", SRC_HMAC, inp("signature=%s,nonce=%s,t=%s" % (S, N, ts)), **good)
    vf.valid("Spaces after the commas are allowed.", SRC_HMAC, inp("t=%s, nonce=%s,  signature=%s" % (ts, N, S)), **good)
    vf.valid("An unknown extra field is ignored.", SRC_HMAC, inp("v=1,t=%s,nonce=%s,signature=%s,kid=abc" % (ts, N, S)),
             **good)
    vf.valid("Uppercase hex in the signature is accepted.", SRC_HMAC,
             inp("t=%s,nonce=%s,signature=%s" % (ts, N, S.upper())), **good)
    vf.valid("Whitespace around the whole header value is ignored.", SRC_HMAC, inp(" " + hdr + "\t"), **good)
    z = "0" + ts
    vf.valid("A timestamp with a leading zero is signed exactly as sent.", SRC_HMAC,
             inp("t=%s,nonce=%s,signature=%s" % (z, N, sig_of(body, key, t=z))), **good)
    odd = "Abc-123_x~y!#$%&'()*+/:;<=>?@[]^`{|}"
    vf.valid("A nonce of any printable ASCII except the comma and the dot verifies.", SRC_HMAC,
             inp(sign_mw(to_bytes(body), to_bytes(key), ts, odd)), sign=True, timestamp=T, nonce=odd)
    fr = U('{"_event":"spare_part_out_of_stock","_date":"2022-08-12T21:02:29.000Z","_metadata":[],'
           '"stock":{"location":{"locationId":"42","name":"Magasin général — Bâtiment B"}},'
           '"sparePart":{"sparePartId":"1337","name":"Roulement à billes 6204-2RS","articleCode":"RLT-6204"},'
           '"movement":{"on":"2022-08-12T21:02:29.000Z"}}')
    vf.valid("A non-ASCII body is signed over its UTF-8 bytes.", SRC_HMAC,
             inp(sign_mw(to_bytes(fr), to_bytes(key), ts, N), b=fr), sign=True, **good)
    big = PAT('{"_event":"spare_part_out_of_stock","sparePart":{"name":"bearing"}}\n')
    vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(sign_mw(to_bytes(big), to_bytes(key), ts, N), b=big),
             sign=True, **good)
    vf.valid("An empty body signs the string t.nonce. alone.", SRC_HMAC,
             inp(sign_mw(b"", to_bytes(key), ts, N), b=U("")), sign=True, **good)
    vf.valid("A binary secret is used as raw bytes.", SRC_HMAC,
             inp(sign_mw(to_bytes(body), BIN_SECRET, ts, N), k=HX(BIN_SECRET)), sign=True, **good)
    vf.valid("With a rotation list, the second secret matching is enough.", SRC_HMAC,
             inp(hdr, k=[U("previous_mw_secret"), key]), secretIndex=1, **good)
    vf.valid("An array of two identical header values counts as that value.", SRC_RULES, inp([hdr, hdr]), **good)

    vf.invalid("The docs' example signature (a placeholder) does not verify the example body.", SRC_MW,
               inp("t=%s,nonce=%s,signature=%s" % (ts, N, MW_DOC_SIG)), "signature_mismatch")
    vf.invalid("1 ms more than 300 s after t is too old.", SRC_HMAC, inp(hdr, (T + 300) * 1000 + 1),
               "timestamp_too_old")
    vf.invalid("1 ms more than 300 s before t is too new.", SRC_HMAC, inp(hdr, (T - 300) * 1000 - 1),
               "timestamp_too_new")
    vf.invalid("A toleranceSeconds of 3600 rejects a delivery 3601 s old.", SRC_HMAC,
               inp(hdr, (T + 3601) * 1000, tol=3600), "timestamp_too_old")
    vf.invalid("A toleranceSeconds of 0 rejects now 1 ms after t.", SRC_HMAC, inp(hdr, now0 + 1, tol=0),
               "timestamp_too_old")
    bad = "t=%s,nonce=%s,signature=%s" % (ts, N, sig_of(body, U("wrong_secret")))
    vf.invalid("A wrong signature with a stale timestamp is a signature mismatch, not a time problem.", SRC_HMAC,
               inp(bad, (T + 86400) * 1000), "signature_mismatch")
    vf.invalid("A wrong signature with a future timestamp is a signature mismatch, not a time problem.", SRC_HMAC,
               inp(bad, (T - 86400) * 1000), "signature_mismatch")
    vf.invalid("A signature made with another secret does not verify.", SRC_HMAC, inp(bad), "signature_mismatch")
    vf.invalid("One byte of the body changed does not verify.", SRC_HMAC,
               inp(hdr, b=U(MW_BODY.replace('"_event": "string"', '"_event": "strinG"'))), "signature_mismatch")
    vf.invalid("The same JSON re-serialised compactly does not verify.", SRC_HMAC,
               inp(hdr, b=U(json.dumps(json.loads(MW_BODY), separators=(",", ":")))), "signature_mismatch")
    vf.invalid("Another nonce than the signed one does not verify.", SRC_HMAC,
               inp("t=%s,nonce=%s,signature=%s" % (ts, N[::-1], S)), "signature_mismatch")
    vf.invalid("A timestamp one second off the signed one does not verify.", SRC_HMAC,
               inp("t=%d,nonce=%s,signature=%s" % (T + 1, N, S)), "signature_mismatch")
    vf.invalid("A leading zero added after signing does not verify (t is signed as sent).", SRC_HMAC,
               inp("t=%s,nonce=%s,signature=%s" % (z, N, S)), "signature_mismatch")
    vf.invalid("A signature over the body alone (without t and nonce) does not verify.", SRC_HMAC,
               inp("t=%s,nonce=%s,signature=%s" % (ts, N, hexmac("sha256", to_bytes(key), to_bytes(body)))),
               "signature_mismatch")
    missing_variants(vf, lambda v: inp(v), "X-MW-Signature")
    fmt = lambda t=ts, n=N, s=S: "t=%s,nonce=%s,signature=%s" % (t, n, s)
    for title, value in [
        ("A duplicate t field is malformed.", hdr + ",t=" + ts),
        ("A duplicate nonce field is malformed.", hdr + ",nonce=" + N),
        ("A duplicate signature field, even with the same value, is malformed.", hdr + ",signature=" + S),
        ("A missing t field is malformed.", "nonce=%s,signature=%s" % (N, S)),
        ("A missing nonce field is malformed.", "t=%s,signature=%s" % (ts, S)),
        ("A missing signature field is malformed.", "t=%s,nonce=%s" % (ts, N)),
        ("A negative timestamp is malformed.", fmt(t="-1")),
        ("A decimal timestamp is malformed.", fmt(t="1.5")),
        ("A hexadecimal timestamp is malformed.", fmt(t="0x10")),
        ("A space inside the t field (t= 12) is malformed.", fmt(t=" 12")),
        ("A plus sign before the timestamp is malformed.", fmt(t="+" + ts)),
        ("An empty timestamp is malformed.", fmt(t="")),
        ("Full-width (non-ASCII) digits in the timestamp are malformed.", fmt(t="１６６０３３８１４９")),
        ("A space before a comma is malformed (it ends up inside t).", "t=%s ,nonce=%s,signature=%s" % (ts, N, S)),
        ("A 63-hex-digit signature is malformed.", fmt(s=S[:-1])),
        ("A 65-hex-digit signature is malformed.", fmt(s=S + "a")),
        ("A non-hex character in the signature is malformed.", fmt(s=S[:-1] + "z")),
        ("A sha256= prefix inside the signature field is malformed.", fmt(s="sha256=" + S)),
        ("A nonce containing a space is malformed.", fmt(n="752c14ea 195c460b")),
        ("An empty nonce is malformed.", fmt(n="")),
        ("A non-ASCII nonce is malformed.", fmt(n="nonce-é")),
        ("Semicolons instead of commas are malformed.", "t=%s;nonce=%s;signature=%s" % (ts, N, S)),
        ("Two different header values are malformed.", [hdr, fmt(s=MW_DOC_SIG)]),
    ]:
        vf.invalid(title, SRC_RULES, inp(value), "malformed_header")
    # A "." in the nonce would make the split of t.nonce.body ambiguous. Each of these carries
    # the real HMAC over its own dotted string, so only the nonce rule refuses it.
    for title, nonce, b, signed_nonce, signed_body in [
        ("A nonce holding a dot is malformed, though its signature is the real HMAC of the dotted string.",
         N + ".x", body, N + ".x", body),
        ("A nonce that is a lone dot is malformed.", ".", body, ".", body),
        ("A nonce ending in a dot is malformed.", N + ".", body, N + ".", body),
        ("Body bytes moved into the nonce (nonce N.12, body 5, the signature of nonce N, body 12.5) are malformed.",
         N + ".12", U("5"), N, U("12.5")),
    ]:
        vf.invalid(title, SRC_RULES, inp(fmt(n=nonce, s=sig_of(signed_body, key, n=signed_nonce)), b=b), "malformed_header")
    return vf


# ================================================================ eWarehousing (X-Hmac-SHA256, base64)
EWH_SECRET = "secret_key_registered_at_webhook"  # the name used in the docs' Python example
EWH_STOCK = (
    '{"body":{"id":"b3f1c6e0-6a1d-4c8e-9f1a-2d7e5c4b3a21","ean":"8718868640018","sku":"EWH-TSHIRT-BLK-M",'
    '"modified_at":"2022-02-11T17:45:01+0000","article_code":"TSHIRT-BLK-M","stock_salable":42,'
    '"stock_physical":50,"stock_available":45,"stock_quarantine":3},"group":"stock","action":"updated",'
    '"entity":"stock","customer":"DEMO","entityId":"b3f1c6e0-6a1d-4c8e-9f1a-2d7e5c4b3a21"}'
)


def build_b64():
    vf = VectorFile("hmac-base64", "verifyHmacBase64", ref_b64, signed_b64, "secret")
    key, body = U(EWH_SECRET), U(EWH_STOCK)
    sb = lambda b, k, a="sha256": b64mac(a, to_bytes(k), to_bytes(b))

    def inp(sig, b=body, k=key, algo=None):
        d = {"body": b, "secret": k, "signature": sig}
        if algo:
            d["algorithm"] = algo
        return d

    S = sb(body, key)
    vf.valid("An eWarehousing stock update verifies with base64 HMAC-SHA256 (the default).", SRC_EWH, inp(S),
             sign=True)
    vf.valid("The algorithm sha256 given explicitly verifies the same value.", SRC_EWH, inp(S, algo="sha256"), sign=True)
    vf.valid("algorithm sha1 verifies a base64 HMAC-SHA1 (28 characters).", SRC_HMAC,
             inp(sb(body, key, "sha1"), algo="sha1"), sign=True)
    vf.valid("algorithm sha512 verifies a base64 HMAC-SHA512 (88 characters).", SRC_HMAC,
             inp(sb(body, key, "sha512"), algo="sha512"), sign=True)
    vf.valid("An empty body verifies.", SRC_HMAC, inp(sb(U(""), key), b=U("")), sign=True)
    big = PAT('{"body":{"sku":"EWH-TSHIRT-BLK-M","stock_salable":42},"group":"stock","action":"updated"}\n')
    vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(sb(big, key), b=big), sign=True)
    nl = U("Bestelling geannuleerd: één doos beschadigd — „Küche“ 🙂")
    vf.valid("A non-ASCII body (including a 4-byte emoji) is signed over its UTF-8 bytes.", SRC_HMAC,
             inp(sb(nl, key), b=nl), sign=True)
    vf.valid("A binary secret is used as raw bytes.", SRC_HMAC, inp(sb(body, HX(BIN_SECRET)), k=HX(BIN_SECRET)),
             sign=True)
    vf.valid("With a rotation list, the second secret matching is enough.", SRC_HMAC,
             inp(S, k=[U("previous_hash_secret"), key]), secretIndex=1)
    vf.valid("Whitespace around the header value is ignored.", SRC_HMAC, inp(" " + S + " "))
    vf.valid("An array of two identical header values counts as that value.", SRC_RULES, inp([S, S]))
    # a value with + and / so that its base64url spelling differs
    url_body = None
    for n in range(42, 1000):
        cand = U(EWH_STOCK.replace('"stock_salable":42', '"stock_salable":%d' % n))
        v = sb(cand, key)
        if "+" in v and "/" in v:
            url_body, url_sig = cand, v
            break
    assert url_body is not None
    vf.valid("A signature containing + and / verifies in the standard alphabet.", SRC_HMAC,
             inp(url_sig, b=url_body), sign=True)

    vf.invalid("A signature made with another secret does not verify.", SRC_HMAC, inp(sb(body, U("other_secret"))),
               "signature_mismatch")
    vf.invalid("One byte of the body changed does not verify.", SRC_HMAC,
               inp(S, b=U(EWH_STOCK.replace('"stock_salable":42', '"stock_salable":43'))), "signature_mismatch")
    vf.invalid("The same JSON prettified does not verify (the docs warn about this).", SRC_EWH,
               inp(S, b=U(json.dumps(json.loads(EWH_STOCK), indent=4))), "signature_mismatch")
    vf.invalid("No secret of a rotation list matches.", SRC_HMAC, inp(S, k=[U("a_secret"), U("b_secret")]),
               "signature_mismatch")
    vf.invalid("A sha1 signature under algorithm sha1 with the wrong body does not verify.", SRC_HMAC,
               inp(sb(U("{}"), key, "sha1"), algo="sha1"), "signature_mismatch")
    missing_variants(vf, lambda v: inp(v), "X-Hmac-SHA256")
    for title, value, algo in [
        ("base64url characters (- and _) are malformed.", url_sig.replace("+", "-").replace("/", "_"), None),
        ("A value without its = padding is malformed.", S.rstrip("="), None),
        ("A stray character inside the value is malformed.", S[:20] + "*" + S[20:], None),
        ("A space inside the value is malformed.", S[:20] + " " + S[20:], None),
        ("A non-canonical last character (same decoded bytes) is malformed.", flip_unused_b64_bits(S), None),
        ("Extra padding is malformed.", S + "=", None),
        ("A sha1-length digest when sha256 is expected is malformed.", sb(body, key, "sha1"), None),
        ("A sha512-length digest when sha256 is expected is malformed.", sb(body, key, "sha512"), None),
        ("A sha256-length digest when sha512 is expected is malformed.", S, "sha512"),
        ("A sha256-length digest when sha1 is expected is malformed.", S, "sha1"),
        ("The hex spelling of the HMAC (valid base64 text, 48 bytes) is malformed.",
         hexmac("sha256", to_bytes(key), to_bytes(body)), None),
        ("A sha256= prefix before the base64 is malformed.", "sha256=" + S, None),
        ("Two different header values are malformed.", [S, url_sig], None),
    ]:
        vf.invalid(title, SRC_RULES, inp(value, algo=algo), "malformed_header")
    return vf


# ================================================================ Tilby (hex HMAC-SHA256, optional prefix)
TILBY_TOKEN = "tilby_static_token_5c2f8e1a9b7d4e3f"
TILBY_SALE = (
    '{"type":"CLOSED","entity_name":"sales","time":"2024-03-14T09:26:53.589Z",'
    '"notification_uuid":"9a4f0c1e-3b7d-4e2a-8c5f-1d6b2e9a7c30","environment_id":"1234",'
    '"client_id":"tilby-client-5678","from_user":42,"entities":[{"id":98765,'
    '"uuid":"6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f","external_id":null,"status":"closed"}],"nRetry":0}'
)
TILBY_SUBSCRIBED = (
    '{"type":"SUBSCRIBED","entity_name":"sales","time":"2022-02-23T15:43:31.714Z",'
    '"environment_id":"id_of_the_shop","client_id":"clientId_of_static_token"}'
)


def build_hex():
    vf = VectorFile("hmac-hex", "verifyHmacHex", ref_hex, signed_hex, "secret")
    key, body = U(TILBY_TOKEN), U(TILBY_SALE)
    sh = lambda b, k, a="sha256": hexmac(a, to_bytes(k), to_bytes(b))

    def inp(sig, b=body, k=key, algo=None, prefix=None):
        d = {"body": b, "secret": k, "signature": sig}
        if algo:
            d["algorithm"] = algo
        if prefix is not None:
            d["prefix"] = prefix
        return d

    S = sh(body, key)
    vf.valid("A Tilby sales notification verifies with hex HMAC-SHA256 of the static token.", SRC_TILBY_SECURITY,
             inp(S), sign=True)
    sub = U(TILBY_SUBSCRIBED)
    vf.valid("The SUBSCRIBED handshake body verifies.", SRC_TILBY_INTRO, inp(sh(sub, key), b=sub), sign=True)
    vf.valid("With prefix sha256= configured, sha256=<hex> verifies.", SRC_HMAC, inp("sha256=" + S, prefix="sha256="),
             sign=True)
    vf.valid("The configured prefix is matched case-insensitively (SHA256=).", SRC_HMAC,
             inp("SHA256=" + S, prefix="sha256="))
    vf.valid("A custom prefix v1= verifies.", SRC_HMAC, inp("v1=" + S, prefix="v1="), sign=True)
    vf.valid("An empty configured prefix means no prefix.", SRC_HMAC, inp(S, prefix=""), sign=True)
    vf.valid("Uppercase hex digits are accepted.", SRC_HMAC, inp(S.upper()))
    vf.valid("Whitespace around the header value is ignored.", SRC_HMAC, inp("\t" + S + "  "))
    vf.valid("algorithm sha1 verifies 40 hex digits.", SRC_HMAC, inp(sh(body, key, "sha1"), algo="sha1"), sign=True)
    vf.valid("algorithm sha1 with prefix sha1= verifies.", SRC_HMAC,
             inp("sha1=" + sh(body, key, "sha1"), algo="sha1", prefix="sha1="), sign=True)
    vf.valid("algorithm sha512 verifies 128 hex digits.", SRC_HMAC, inp(sh(body, key, "sha512"), algo="sha512"),
             sign=True)
    vf.valid("An empty body verifies.", SRC_HMAC, inp(sh(U(""), key), b=U("")), sign=True)
    big = PAT('{"type":"UPDATED","entity_name":"items","entities":[{"id":1,"status":"updated"}]}\n')
    vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(sh(big, key), b=big), sign=True)
    it = U('{"type":"CREATED","entity_name":"items","entities":[{"id":7,"name":"Caffè macchiato è più buono"}]}')
    vf.valid("A non-ASCII body is signed over its UTF-8 bytes.", SRC_HMAC, inp(sh(it, key), b=it), sign=True)
    vf.valid("A binary secret is used as raw bytes.", SRC_HMAC, inp(sh(body, HX(BIN_SECRET)), k=HX(BIN_SECRET)),
             sign=True)
    vf.valid("With a rotation list, the second secret matching is enough.", SRC_HMAC,
             inp(S, k=[U("old_static_token"), key]), secretIndex=1)
    vf.valid("An array of two identical header values counts as that value.", SRC_RULES, inp([S, S]))

    vf.invalid("A signature made with another token does not verify.", SRC_HMAC, inp(sh(body, U("another_token"))),
               "signature_mismatch")
    vf.invalid("One byte of the body changed does not verify.", SRC_HMAC,
               inp(S, b=U(TILBY_SALE.replace('"nRetry":0', '"nRetry":1'))), "signature_mismatch")
    vf.invalid("The same JSON pretty-printed does not verify.", SRC_HMAC,
               inp(S, b=U(json.dumps(json.loads(TILBY_SALE), indent=2))), "signature_mismatch")
    vf.invalid("No secret of a rotation list matches.", SRC_HMAC, inp(S, k=[U("token_a"), U("token_b")]),
               "signature_mismatch")
    vf.invalid("A prefixed signature made with another token does not verify.", SRC_HMAC,
               inp("sha256=" + sh(body, U("another_token")), prefix="sha256="), "signature_mismatch")
    missing_variants(vf, lambda v: inp(v), "Tilby signature")
    for title, value, algo, prefix in [
        ("Prefix sha256= configured but absent is malformed.", S, None, "sha256="),
        ("sha256=<hex> with no prefix configured is malformed.", "sha256=" + S, None, None),
        ("A different prefix than the configured one is malformed.", "sha1=" + S, None, "sha256="),
        ("The prefix given twice is malformed.", "sha256=sha256=" + S, None, "sha256="),
        ("The prefix alone with no hex is malformed.", "sha256=", None, "sha256="),
        ("63 hex digits are malformed.", S[:-1], None, None),
        ("65 hex digits are malformed.", S + "0", None, None),
        ("A non-hex character is malformed.", S[:-1] + "x", None, None),
        ("A 40-digit sha1 value when sha256 is expected is malformed.", sh(body, key, "sha1"), None, None),
        ("A 64-digit sha256 value when sha512 is expected is malformed.", S, "sha512", None),
        ("A 64-digit sha256 value when sha1 is expected is malformed.", S, "sha1", None),
        ("The base64 spelling of the HMAC is malformed.", b64mac("sha256", to_bytes(key), to_bytes(body)), None, None),
        ("A 0x prefix before the hex is malformed.", "0x" + S, None, None),
        ("A space inside the hex is malformed.", S[:32] + " " + S[32:], None, None),
        ("Two different header values are malformed.", [S, sh(body, U("another_token"))], None, None),
    ]:
        vf.invalid(title, SRC_RULES, inp(value, algo=algo, prefix=prefix), "malformed_header")
    return vf



# ================================================================ raw-body HMAC in one header (issue 27, helper a)
# Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo: one builder, each provider's data in
# its own block below. Sources: shared/providers/WAVE1.md (DOC / SDK / THIRD per fact).
SRC_SHOPIFY = "https://shopify.dev/docs/apps/build/webhooks/delivery-structure (HMAC-SHA256, base64, raw body)"
SRC_WOO = "https://github.com/woocommerce/woocommerce/blob/trunk/plugins/woocommerce/includes/class-wc-webhook.php (generate_signature)"
SRC_SENDCLOUD = "https://sendcloud.dev/api/v2/webhooks (published example: body, secret and signature)"
SRC_MOLLIE = "https://docs.mollie.com/reference/webhooks-best-practices (hex HMAC-SHA256 of the raw body)"
SRC_HARAVAN = "https://docs.haravan.com/docs/tutorials/webhooks/private-webhook (HMAC-SHA256; base64 from third-party receivers)"
SRC_SAPO = "third-party Sapo receivers (no Sapo page found): base64 HMAC-SHA256 of the raw body"


def ref_raw(encoding):
    def ref(inp):
        algo = inp.get("algorithm", "sha256")
        s, err = header_value(inp["signature"])
        if err:
            return fail(err)
        enc = encoding
        if enc == "either":
            enc = "hex" if len(s) == 2 * DIGEST_SIZE[algo] else "base64"
        if enc == "hex":
            if not hex_ok(s, DIGEST_SIZE[algo]):
                return fail("malformed_header")
            raw = bytes.fromhex(s)
        else:
            raw = b64_strict(s)
            if raw is None or len(raw) != DIGEST_SIZE[algo]:
                return fail("malformed_header")
        match = matching_secret(algo, inp["secret"], to_bytes(inp["body"]), raw)
        if match is None:
            return fail("signature_mismatch")
        return ok(**match)
    return ref


def signer_raw(encoding):
    def signed(inp, exp):
        algo = inp.get("algorithm", "sha256")
        f = hexmac if encoding == "hex" else b64mac
        return f(algo, to_bytes(inp["secret"]), to_bytes(inp["body"])), inp["signature"]
    return signed


def build_raw(scheme, function, encoding, source, secret, body_text, big_line, other_secret):
    """The cases every raw-body HMAC provider shares; returns (vf, inp, sig) for the provider's own."""
    vf = VectorFile(scheme, function, ref_raw(encoding), signer_raw("hex" if encoding == "hex" else "base64"), "secret")
    key, body = U(secret), U(body_text)
    f = hexmac if encoding == "hex" else b64mac
    sig = lambda b, k=key, a="sha256": f(a, to_bytes(k), to_bytes(b))

    def inp(s, b=body, k=key, algo=None):
        d = {"body": b, "secret": k, "signature": s}
        if algo:
            d["algorithm"] = algo
        return d

    S = sig(body)
    vf.valid("A delivery verifies with the HMAC-SHA256 of its raw body.", source, inp(S), sign=True)
    vf.valid("An empty body verifies (the receiver refuses it later: it is not JSON).", SRC_HMAC, inp(sig(U("")), b=U("")), sign=True)
    big = PAT(big_line)
    vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(sig(big), b=big), sign=True)
    nl = U('{"note":"Giao hàng nhanh — „Küche“ 🙂"}')
    vf.valid("A non-ASCII body (including a 4-byte emoji) is signed over its UTF-8 bytes.", SRC_HMAC, inp(sig(nl), b=nl), sign=True)
    vf.valid("A binary secret is used as raw bytes.", SRC_HMAC, inp(sig(body, HX(BIN_SECRET)), k=HX(BIN_SECRET)), sign=True)
    vf.valid("With a rotation list, the second secret matching is enough.", SRC_HMAC, inp(S, k=[U(other_secret), key]), secretIndex=1)
    vf.valid("Whitespace around the header value is ignored.", SRC_RULES, inp(" " + S + "\t"))
    vf.valid("An array of two identical header values counts as that value.", SRC_RULES, inp([S, S]))
    if encoding == "hex":
        vf.valid("Uppercase hex digits verify too.", SRC_RULES, inp(S.upper()))

    vf.invalid("A wrong secret is a mismatch.", SRC_HMAC, inp(S, k=U(other_secret)), "signature_mismatch")
    tampered = U(body_text[:-2] + chr(ord(body_text[-2]) ^ 1) + body_text[-1])
    assert tampered != body
    vf.invalid("A body with one character changed is a mismatch.", SRC_HMAC, inp(S, b=tampered), "signature_mismatch")
    vf.invalid("A body with a trailing newline added is a mismatch.", SRC_HMAC, inp(S, b=U(body_text + "\n")), "signature_mismatch")
    vf.invalid("A rotation list none of whose secrets matches is a mismatch.", SRC_HMAC, inp(S, k=[U(other_secret), U("x")]), "signature_mismatch")
    missing_variants(vf, lambda v: inp(v), "signature")
    vf.invalid("Two different header values are malformed.", SRC_RULES, inp([S, sig(tampered)]), "malformed_header")
    if encoding == "hex":
        vf.invalid("The base64 spelling of the right HMAC is malformed (hex expected).", SRC_RULES, inp(b64mac("sha256", to_bytes(key), to_bytes(body))), "malformed_header")
        vf.invalid("A sha256= prefix is malformed (the docs' sample compares the bare hex digest).", SRC_RULES, inp("sha256=" + S), "malformed_header")
        vf.invalid("One hex digit short is malformed.", SRC_RULES, inp(S[:-1]), "malformed_header")
        vf.invalid("A non-hex character is malformed.", SRC_RULES, inp(S[:-1] + "g"), "malformed_header")
    else:
        if encoding == "base64":
            vf.invalid("The hex spelling of the right HMAC is malformed (base64 expected).", SRC_RULES, inp(hexmac("sha256", to_bytes(key), to_bytes(body))), "malformed_header")
        vf.invalid("Unpadded base64 is malformed.", SRC_RULES, inp(S.rstrip("=")), "malformed_header")
        vf.invalid("The base64url alphabet is malformed.", SRC_RULES, inp(S.replace("+", "-").replace("/", "_") if ("+" in S or "/" in S) else "-" + S[1:]), "malformed_header")
        vf.invalid("Unused bits set in the last character (a non-canonical spelling) are malformed.", SRC_RULES, inp(flip_unused_b64_bits(S)), "malformed_header")
        vf.invalid("A base64 HMAC-SHA1 (28 characters) is malformed for SHA-256.", SRC_RULES, inp(b64mac("sha1", to_bytes(key), to_bytes(body))), "malformed_header")
    return vf, inp, sig


# ---- shopify ----
SHOPIFY_SECRET = "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"
SHOPIFY_BODY = '{"id":450789469,"email":"bob.norman@example.com","total_price":"598.94","currency":"USD"}'


def build_shopify():
    vf, inp, sig = build_raw("shopify", "verifyShopify", "base64", SRC_SHOPIFY, SHOPIFY_SECRET, SHOPIFY_BODY,
                             '{"id":450789469,"line_items":[{"sku":"IPOD2008GREEN","quantity":1}]}\n', "shpss_previous_secret")
    return vf


# ---- woocommerce ----
WOO_SECRET = "wc-secret-&-quotes\"-decoded"
WOO_BODY = '{"id":727,"status":"processing","currency":"USD","total":"29.35"}'


def build_woocommerce():
    vf, inp, sig = build_raw("woocommerce", "verifyWoocommerce", "base64", SRC_WOO, WOO_SECRET, WOO_BODY,
                             '{"id":727,"line_items":[{"product_id":93,"quantity":2}]}\n', "previous-wc-secret")
    body, key = U(WOO_BODY), U(WOO_SECRET)
    vf.valid("A site whose woocommerce_webhook_hash_algorithm filter says sha512 verifies with algorithm sha512.", SRC_WOO,
             inp(sig(body, key, "sha512"), algo="sha512"), sign=True)
    vf.valid("A site whose filter says sha1 verifies with algorithm sha1.", SRC_WOO, inp(sig(body, key, "sha1"), algo="sha1"), sign=True)
    vf.invalid("A SHA-512 signature read as SHA-256 (the default) is malformed.", SRC_RULES, inp(sig(body, key, "sha512")), "malformed_header")
    return vf


# ---- sendcloud ----
SENDCLOUD_DOC_BODY = '{"key": "value"}'
SENDCLOUD_DOC_SECRET = "secretkey"
SENDCLOUD_DOC_SIGNATURE = "1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a"


def build_sendcloud():
    assert openssl_hmac_textkey_hex("sha256", SENDCLOUD_DOC_SECRET, SENDCLOUD_DOC_BODY.encode()) == SENDCLOUD_DOC_SIGNATURE
    vf, inp, sig = build_raw("sendcloud", "verifySendcloud", "hex", SRC_SENDCLOUD, SENDCLOUD_DOC_SECRET,
                             '{"action":"parcel_status_changed","timestamp":1736506800,"parcel":{"id":12345678}}',
                             '{"action":"parcel_status_changed","parcel":{"id":1,"status":{"id":11}}}\n', "previous-secret-key")
    vf.valid("Sendcloud's published example (body {\"key\": \"value\"} with the space, secret secretkey) verifies byte for byte.",
             SRC_SENDCLOUD, inp(SENDCLOUD_DOC_SIGNATURE, b=U(SENDCLOUD_DOC_BODY)), sign=True)
    vf.invalid("The published example re-serialised without the space is a mismatch.", SRC_SENDCLOUD,
               inp(SENDCLOUD_DOC_SIGNATURE, b=U('{"key":"value"}')), "signature_mismatch")
    return vf


# ---- mollie ----
MOLLIE_SECRET = "mollie-next-gen-shared-secret-0123"


def build_mollie():
    vf, inp, sig = build_raw("mollie", "verifyMollie", "hex", SRC_MOLLIE, MOLLIE_SECRET,
                             '{"resource":"event","id":"event_1","type":"payment-link.paid","entityId":"pl_1"}',
                             '{"resource":"event","type":"payment-link.paid"}\n', "previous-mollie-secret")
    return vf


# ---- haravan ----
HARAVAN_SECRET = "haravan-webhook-authentication-secret"
HARAVAN_BODY = '{"id":1001234,"order_number":"#101001","total_price":350000}'


def build_haravan():
    vf, inp, sig = build_raw("haravan", "verifyHaravan", "either", SRC_HARAVAN, HARAVAN_SECRET, HARAVAN_BODY,
                             '{"id":1001234,"line_items":[{"sku":"HRV-1","quantity":1}]}\n', "previous-haravan-secret")
    body, key = U(HARAVAN_BODY), U(HARAVAN_SECRET)
    hx = hexmac("sha256", to_bytes(key), to_bytes(body))
    vf.valid("The hex spelling (PHP hash_hmac's default, which the docs name) verifies too.", SRC_HARAVAN, inp(hx))
    vf.valid("Uppercase hex verifies too.", SRC_RULES, inp(hx.upper()))
    vf.invalid("Hex of a wrong secret is a mismatch.", SRC_HMAC, inp(hexmac("sha256", to_bytes(U("x")), to_bytes(body))), "signature_mismatch")
    vf.invalid("63 hex digits are malformed (neither hex nor base64).", SRC_RULES, inp(hx[:-1]), "malformed_header")
    vf.invalid("64 characters that are not hex are malformed.", SRC_RULES, inp(hx[:-1] + "z"), "malformed_header")
    return vf


# ---- sapo ----
SAPO_SECRET = "sapo-app-secret-key-unconfirmed"


def build_sapo():
    vf, inp, sig = build_raw("sapo", "verifySapo", "base64", SRC_SAPO, SAPO_SECRET,
                             '{"id":700123,"code":"SON00123","status":"finalized","total":250000}',
                             '{"id":700123,"line_items":[{"sku":"SAPO-1"}]}\n', "previous-sapo-secret")
    return vf


# ================================================================ main
FILES = [
    ("tikinow.json", build_tikinow),
    ("tiki-basic.json", build_basic),
    ("mobility-work.json", build_mw),
    ("hmac-base64.json", build_b64),
    ("hmac-hex.json", build_hex),
    ("shopify.json", build_shopify),
    ("woocommerce.json", build_woocommerce),
    ("sendcloud.json", build_sendcloud),
    ("mollie.json", build_mollie),
    ("haravan.json", build_haravan),
    ("sapo.json", build_sapo),
]


def cross_check_one_sha256_per_scheme():
    """`openssl dgst -sha256 -hmac <text key>` as typed by hand, one value per HMAC-SHA256 scheme."""
    mw_msg = mw_content(str(MW_T), MW_NONCE, MW_BODY.encode())
    for key, msg in [(MW_SECRET, mw_msg), (EWH_SECRET, EWH_STOCK.encode()), (TILBY_TOKEN, TILBY_SALE.encode())]:
        assert openssl_hmac_textkey_hex("sha256", key, msg) == hmac.new(key.encode(), msg, hashlib.sha256).hexdigest()
    # and one SHA-1 value besides the docs example, with a binary key
    body = TIKI_DOC_BODY.encode()
    assert openssl_hmac("sha1", BIN_SECRET, body) == hmac.new(BIN_SECRET, body, hashlib.sha1).digest()
    # base64 of an HMAC by openssl too
    raw = hmac.new(EWH_SECRET.encode(), EWH_STOCK.encode(), hashlib.sha256).digest()
    assert openssl_base64(raw) == base64.b64encode(raw).decode()


def render():
    assert_tiki_docs_example()
    assert_basic_docs_example()
    cross_check_one_sha256_per_scheme()
    out = {}
    for name, build in FILES:
        doc = build().document()
        out[name] = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out


def main(argv):
    check = "--check" in argv[1:]
    if any(a != "--check" for a in argv[1:]):
        sys.stderr.write("usage: python3 vectors/generate.py [--check]\n")
        return 2
    out = render()
    stale = []
    for name, data in out.items():
        path = os.path.join(HERE, name)
        if check:
            try:
                with open(path, "rb") as f:
                    if f.read() != data:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            with open(path, "wb") as f:
                f.write(data)
    summary = ", ".join("%s" % n for n in out)
    if check:
        if stale:
            sys.stderr.write("vectors out of date: %s (run python3 vectors/generate.py)\n" % ", ".join(stale))
            return 1
        print("vectors up to date (%s); %d HMACs cross-checked with openssl" % (summary, OPENSSL_CHECKS[0]))
    else:
        print("wrote %s; %d HMACs cross-checked with openssl" % (summary, OPENSSL_CHECKS[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
