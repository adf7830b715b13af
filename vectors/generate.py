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


# ---- standard-webhooks, sepay, lazada, tiktok-shop, shopee ----
# An HMAC over the raw body with something before it. Reference verifiers below read the facts of
# shared/providers/WAVE1.md literally; the signers are Python hmac, cross-checked by openssl.
SRC_SW_TEST = ("https://github.com/standard-webhooks/standard-webhooks/blob/main/libraries/javascript/src/"
               "webhook.test.ts (identical literal in the reference libraries' test suites)")
SRC_SW_SPEC = "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md"
SRC_SEPAY = "https://developer.sepay.vn/en/sepay-webhooks/xac-thuc (HMAC mode; sha256=<hex> over ts.body: THIRD)"
SRC_LAZADA = "Lazada Open Platform doc centre, articleId 120168 (Lazada Push Mechanism)"
SRC_TIKTOK = "skills.sh/hookdeck/webhook-skills/tiktok-shop-webhooks (THIRD)"
SRC_SHOPEE = "congminh1254/shopee-sdk docs/managers/push.md (THIRD)"
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SW_T = 1614265330
SW_PAYLOAD = '{"test": 2432232314}'
SW_EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def sw_key(secret_text):
    text = secret_text[len("whsec_"):] if secret_text.startswith("whsec_") else secret_text
    return base64.b64decode(text, validate=True)


def sw_sign(body, key, msg_id, t):
    return "v1," + b64mac("sha256", key, ("%s.%s." % (msg_id, t)).encode() + body)


def sw_keys(spec):
    return [sw_key(s["utf8"]) if "utf8" in s else bytes.fromhex(s["hex"]) for s in (spec if isinstance(spec, list) else [spec])]


def window(t, inp):
    tol = inp.get("toleranceSeconds", 300)
    if tol == "Infinity":
        return None
    diff_ms = inp["now"] - t * 1000
    if diff_ms > tol * 1000:
        return fail("timestamp_too_old")
    if -diff_ms > tol * 1000:
        return fail("timestamp_too_new")
    return None


def ref_sw(inp):
    sig, err = header_value(inp["signature"])
    if err:
        return fail(err)
    msg_id, err = header_value(inp["id"])
    if err:
        return fail(err)
    t, err = header_value(inp["timestamp"])
    if err:
        return fail(err)
    if "." in msg_id or not re.fullmatch("[0-9]{1,15}", t):
        return fail("malformed_header")
    sigs = []
    for entry in sig.split(" "):
        if entry.startswith("v1,"):
            raw = b64_strict(entry[3:])
            if raw is not None and len(raw) == 32:
                sigs.append(raw)
    if not sigs:
        return fail("malformed_header")
    msg = ("%s.%s." % (msg_id, t)).encode() + to_bytes(inp["body"])
    keys = sw_keys(inp["secret"])
    found = None
    for i, k in enumerate(keys):
        if any(hmac.compare_digest(mac("sha256", k, msg), s) for s in sigs):
            found = i
            break
    if found is None:
        return fail("signature_mismatch")
    w = window(int(t), inp)
    if w:
        return w
    extra = {"id": msg_id, "timestamp": int(t)}
    if isinstance(inp["secret"], list):
        extra["secretIndex"] = found
    return ok(**extra)


def signed_sw(inp, exp):
    return sw_sign(to_bytes(inp["body"]), sw_keys(inp["secret"])[0], exp["id"], exp["timestamp"]), inp["signature"]


def build_sw():
    vf = VectorFile("standard-webhooks", "verifyStandardWebhooks", ref_sw, signed_sw, "secret")
    key = U(SW_SECRET)
    body = U(SW_PAYLOAD)
    now = SW_T * 1000

    def inp(sig, b=body, k=key, i=SW_ID, t=str(SW_T), n=now, tol=None):
        d = {"body": b, "secret": k, "signature": sig, "id": i, "timestamp": t, "now": n}
        if tol is not None:
            d["toleranceSeconds"] = tol
        return d

    S = sw_sign(to_bytes(body), sw_key(SW_SECRET), SW_ID, SW_T)
    assert S == SW_EXPECTED, "the published Standard Webhooks vector does not reproduce"
    ok_extra = {"id": SW_ID, "timestamp": SW_T}
    vf.valid("The reference libraries' published vector verifies (whsec_ secret, id, timestamp, payload with a space).",
             SRC_SW_TEST, inp(SW_EXPECTED), sign=True, **ok_extra)
    vf.valid("The secret without its whsec_ prefix is read as base64 too, as the reference library does.", SRC_SW_TEST,
             inp(S, k=U(SW_SECRET[6:])), **ok_extra)
    vf.valid("The key's raw bytes as a binary secret verify.", SRC_HMAC, inp(S, k=HX(sw_key(SW_SECRET))), sign=True,
             **ok_extra)
    other = sw_sign(to_bytes(body), b"another key of 24 bytes!", SW_ID, SW_T)
    vf.valid("A list with a v1a (ed25519) entry and another v1 entry passes on the v1 that matches.", SRC_SW_SPEC,
             inp("v1a,aGVsbG8= %s %s" % (other, S)), **ok_extra)
    vf.valid("A rotation list: the second secret matching is enough.", SRC_HMAC,
             inp(S, k=[U("whsec_" + base64.b64encode(b"an older key, 24 bytes!!").decode()), key]), secretIndex=1,
             **ok_extra)
    vf.valid("Exactly 300 s after the timestamp passes (the window is inclusive).", SRC_HMAC,
             inp(S, n=now + 300000), **ok_extra)
    vf.valid("300 s before the timestamp passes too.", SRC_HMAC, inp(S, n=now - 300000), **ok_extra)
    vf.valid("toleranceSeconds Infinity turns the window off.", SRC_HMAC, inp(S, n=now + 10 ** 9, tol="Infinity"),
             **ok_extra)
    big = PAT('{"type":"invoice.paid","data":{"id":"in_1"}}\n')
    vf.valid("A 1 MiB body verifies.", SRC_HMAC,
             inp(sw_sign(to_bytes(big), sw_key(SW_SECRET), SW_ID, SW_T), b=big), sign=True, **ok_extra)
    vi = U('{"type":"note","data":{"text":"Tiếng Việt — 🙂"}}')
    vf.valid("A non-ASCII body is signed over its UTF-8 bytes.", SRC_HMAC,
             inp(sw_sign(to_bytes(vi), sw_key(SW_SECRET), SW_ID, SW_T), b=vi), sign=True, **ok_extra)

    vf.invalid("One byte of the payload changed does not verify.", SRC_SW_TEST, inp(S, b=U('{"test": 2432232315}')),
               "signature_mismatch")
    vf.invalid("The payload re-serialised without its space does not verify.", SRC_SW_TEST,
               inp(S, b=U('{"test":2432232314}')), "signature_mismatch")
    vf.invalid("Another id does not verify.", SRC_HMAC, inp(S, i="msg_other"), "signature_mismatch")
    vf.invalid("Another timestamp does not verify.", SRC_HMAC, inp(S, t=str(SW_T + 1), n=now), "signature_mismatch")
    vf.invalid("The whsec_ secret's text used as a UTF-8 key is the classic mistake: it does not verify.", SRC_HMAC,
               inp("v1," + b64mac("sha256", SW_SECRET.encode(), ("%s.%s." % (SW_ID, SW_T)).encode() + to_bytes(body))),
               "signature_mismatch")
    vf.invalid("A signature from another secret does not verify.", SRC_HMAC, inp(other), "signature_mismatch")
    vf.invalid("301 s after the timestamp is too old.", SRC_HMAC, inp(S, n=now + 301000), "timestamp_too_old")
    vf.invalid("301 s before the timestamp is too new.", SRC_HMAC, inp(S, n=now - 301000), "timestamp_too_new")
    vf.invalid("A wrong signature is never reported as a time problem.", SRC_RULES, inp(other, n=now + 10 ** 7),
               "signature_mismatch")
    missing_variants(vf, lambda v: inp(v), "webhook-signature")
    vf.invalid("A missing webhook-id is missing_header.", SRC_RULES, inp(S, i=None), "missing_header")
    vf.invalid("A missing webhook-timestamp is missing_header.", SRC_RULES, inp(S, t=None), "missing_header")
    for title, value, i, t in [
        ("An id with a . is malformed (the separator of the signed content).", S, "msg.1", str(SW_T)),
        ("A timestamp with a . is malformed.", S, SW_ID, "1614265330.5"),
        ("A timestamp in words is malformed.", S, SW_ID, "yesterday"),
        ("A negative timestamp is malformed.", S, SW_ID, "-1614265330"),
        ("A list with no v1 entry (only v1a) is malformed.", "v1a,aGVsbG8=", SW_ID, str(SW_T)),
        ("A v1 entry without the v1, prefix is malformed.", S[3:], SW_ID, str(SW_T)),
        ("A v1 entry in base64url is malformed.", "v1," + S[3:].replace("+", "-").replace("/", "_"), SW_ID, str(SW_T)),
        ("A v1 entry without padding is malformed.", S.rstrip("="), SW_ID, str(SW_T)),
        ("A v1 entry with the hex HMAC is malformed.", "v1," + hexmac("sha256", sw_key(SW_SECRET), b"x"), SW_ID, str(SW_T)),
        ("Entries separated by a comma, not a space, are malformed.", S + "," + other, SW_ID, str(SW_T)),
    ]:
        vf.invalid(title, SRC_RULES, inp(value, i=i, t=t), "malformed_header")
    return vf


def ref_sepay(inp):
    sig, err = header_value(inp["signature"])
    if err:
        return fail(err)
    t, err = header_value(inp["timestamp"])
    if err:
        return fail(err)
    if sig[:7].lower() != "sha256=" or not hex_ok(sig[7:], 32):
        return fail("malformed_header")
    if not re.fullmatch("[0-9]{1,15}", t):
        return fail("malformed_header")
    match = matching_secret("sha256", inp["secret"], t.encode() + b"." + to_bytes(inp["body"]), bytes.fromhex(sig[7:]))
    if match is None:
        return fail("signature_mismatch")
    w = window(int(t), inp)
    return w or ok(timestamp=int(t), **match)


def sepay_sign(body, key, t):
    return "sha256=" + hexmac("sha256", key, str(t).encode() + b"." + body)


def signed_sepay(inp, exp):
    return sepay_sign(to_bytes(inp["body"]), to_bytes(inp["secret"]), exp["timestamp"]), inp["signature"]


SEPAY_SECRET = "whsec_sepay_example_secret_7d1f0c"
SEPAY_BODY = ('{"id":92704,"gateway":"Vietcombank","transactionDate":"2023-03-25 14:02:37","accountNumber":"0123499999",'
              '"code":null,"content":"payment content","transferType":"in","transferAmount":2277000,"accumulated":19077000,'
              '"subAccount":null,"referenceCode":"MBVCB.3278907687"}')
SEPAY_T = 1679727757


def build_sepay():
    vf = VectorFile("sepay", "verifySepay", ref_sepay, signed_sepay, "secret")
    key, body, now = U(SEPAY_SECRET), U(SEPAY_BODY), SEPAY_T * 1000

    def inp(sig, b=body, k=key, t=str(SEPAY_T), n=now):
        return {"body": b, "secret": k, "signature": sig, "timestamp": t, "now": n}

    S = sepay_sign(to_bytes(body), to_bytes(key), SEPAY_T)
    vf.valid("A transaction notice (the docs' fields) verifies: sha256=<hex> over timestamp.body.", SRC_SEPAY, inp(S),
             sign=True, timestamp=SEPAY_T)
    vf.valid("The prefix and the hex in uppercase verify.", SRC_RULES, inp("SHA256=" + S[7:].upper()),
             timestamp=SEPAY_T)
    vf.valid("Exactly 5 minutes old passes (the docs: reject more than 5 minutes).", SRC_SEPAY,
             inp(S, n=now + 300000), timestamp=SEPAY_T)
    vf.valid("Exactly 5 minutes ahead passes.", SRC_SEPAY, inp(S, n=now - 300000), timestamp=SEPAY_T)
    vf.valid("A rotation list: the second secret matching is enough.", SRC_HMAC,
             inp(S, k=[U("old_sepay_secret"), key]), timestamp=SEPAY_T, secretIndex=1)
    big = PAT('{"id":1,"content":"x"}\n')
    vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(sepay_sign(to_bytes(big), to_bytes(key), SEPAY_T), b=big),
             sign=True, timestamp=SEPAY_T)
    vi = U('{"id":7,"content":"Thanh toán đơn hàng 🙂"}')
    vf.valid("A non-ASCII body is signed over its UTF-8 bytes.", SRC_HMAC,
             inp(sepay_sign(to_bytes(vi), to_bytes(key), SEPAY_T), b=vi), sign=True, timestamp=SEPAY_T)
    vf.invalid("One byte of the body changed does not verify.", SRC_HMAC,
               inp(S, b=U(SEPAY_BODY.replace("2277000", "2277001"))), "signature_mismatch")
    vf.invalid("Another timestamp does not verify.", SRC_HMAC, inp(S, t=str(SEPAY_T + 1)), "signature_mismatch")
    vf.invalid("The body signed alone, without the timestamp, does not verify.", SRC_HMAC,
               inp("sha256=" + hexmac("sha256", to_bytes(key), to_bytes(body))), "signature_mismatch")
    vf.invalid("A signature from another secret does not verify.", SRC_HMAC,
               inp(sepay_sign(to_bytes(body), b"other", SEPAY_T)), "signature_mismatch")
    vf.invalid("301 s old is too old.", SRC_SEPAY, inp(S, n=now + 301000), "timestamp_too_old")
    vf.invalid("301 s ahead is too new.", SRC_SEPAY, inp(S, n=now - 301000), "timestamp_too_new")
    ms = SEPAY_T * 1000
    vf.invalid("A timestamp in milliseconds, correctly signed, is too new (the ms/s confusion).", SRC_HMAC,
               inp(sepay_sign(to_bytes(body), to_bytes(key), ms), t=str(ms)), "timestamp_too_new")
    missing_variants(vf, lambda v: inp(v), "X-SePay-Signature")
    vf.invalid("A missing X-SePay-Timestamp is missing_header.", SRC_RULES, inp(S, t=None), "missing_header")
    for title, value, t in [
        ("The hex without sha256= is malformed.", S[7:], str(SEPAY_T)),
        ("sha1= before the hex is malformed.", "sha1=" + S[7:], str(SEPAY_T)),
        ("63 hex digits are malformed.", S[:-1], str(SEPAY_T)),
        ("The base64 HMAC after sha256= is malformed.", "sha256=" + b64mac("sha256", to_bytes(key), b"x"), str(SEPAY_T)),
        ("A timestamp with a fraction is malformed.", S, "1679727757.0"),
        ("An ISO date as timestamp is malformed.", S, "2023-03-25T14:02:37Z"),
    ]:
        vf.invalid(title, SRC_RULES, inp(value, t=t), "malformed_header")
    return vf


def make_head_hmac(name, function, head_of, key_field, src, secret, body_text, head_value, other_value):
    """Lazada and TikTok Shop (app key + body), Shopee (URL | body): hex HMAC-SHA256 in Authorization."""

    def ref(inp):
        sig, err = header_value(inp["signature"])
        if err:
            return fail(err)
        if not hex_ok(sig, 32):
            return fail("malformed_header")
        match = matching_secret("sha256", inp["secret"], head_of(inp[key_field]) + to_bytes(inp["body"]),
                                bytes.fromhex(sig))
        return fail("signature_mismatch") if match is None else ok(**match)

    def signed(inp, exp):
        return hexmac("sha256", to_bytes(inp["secret"]), head_of(inp[key_field]) + to_bytes(inp["body"])), inp["signature"]

    def build():
        vf = VectorFile(name, function, ref, signed, "secret")
        key, body = U(secret), U(body_text)

        def inp(sig, b=body, k=key, h=head_value):
            return {"body": b, "secret": k, "signature": sig, key_field: h}

        sh = lambda b, k=key, h=head_value: hexmac("sha256", to_bytes(k), head_of(h) + to_bytes(b))
        S = sh(body)
        vf.valid("A push verifies: hex HMAC-SHA256 with the secret over the %s form." % name, src, inp(S), sign=True)
        vf.valid("Uppercase hex verifies.", SRC_RULES, inp(S.upper()))
        vf.valid("Whitespace around the header value is ignored.", SRC_RULES, inp(" " + S + "\t"))
        vf.valid("A rotation list: the second secret matching is enough.", SRC_HMAC,
                 inp(S, k=[U("an_old_secret"), key]), secretIndex=1)
        vf.valid("An empty body verifies.", SRC_HMAC, inp(sh(U("")), b=U("")), sign=True)
        big = PAT('{"data":{"order_status":"unpaid"},"message_type":0}\n')
        vf.valid("A 1 MiB body verifies.", SRC_HMAC, inp(sh(big), b=big), sign=True)
        vi = U('{"data":{"note":"Giao hàng nhanh 🙂"}}')
        vf.valid("A non-ASCII body is signed over its UTF-8 bytes.", SRC_HMAC, inp(sh(vi), b=vi), sign=True)
        vf.invalid("One byte of the body changed does not verify.", SRC_HMAC, inp(S, b=U(body_text.replace("0", "1", 1))),
                   "signature_mismatch")
        vf.invalid("The body signed alone does not verify.", SRC_HMAC, inp(hexmac("sha256", to_bytes(key), to_bytes(body))),
                   "signature_mismatch")
        vf.invalid("Another %s does not verify." % key_field, SRC_HMAC, inp(S, h=other_value), "signature_mismatch")
        vf.invalid("A signature from another secret does not verify.", SRC_HMAC, inp(sh(body, k=U("other_secret"))),
                   "signature_mismatch")
        vf.invalid("The body re-serialised with spaces does not verify.", SRC_HMAC,
                   inp(S, b=U(json.dumps(json.loads(body_text), indent=1))), "signature_mismatch")
        missing_variants(vf, lambda v: inp(v), "Authorization")
        for title, value in [
            ("63 hex digits are malformed.", S[:-1]),
            ("A Bearer word before the hex is malformed.", "Bearer " + S),
            ("sha256= before the hex is malformed.", "sha256=" + S),
            ("The base64 HMAC is malformed.", b64mac("sha256", to_bytes(key), to_bytes(body))),
            ("Two different values are malformed.", [S, sh(body, k=U("other_secret"))]),
        ]:
            vf.invalid(title, SRC_RULES, inp(value), "malformed_header")
        return vf

    return build


LAZADA_BODY = ('{"seller_id":"1234567","message_type":0,"data":{"order_status":"unpaid","status_update_time":1603698638,'
               '"trade_order_id":"260422900198363","trade_order_line_id":"260422900298363"},"timestamp":1603766859530,'
               '"site":"lazada_vn"}')
build_lazada = make_head_hmac("lazada", "verifyLazada", lambda k: k.encode(), "appKey", SRC_LAZADA,
                              "lazada_app_secret_4b1e9d", LAZADA_BODY, "123456", "654321")
build_tiktok = make_head_hmac("tiktok-shop", "verifyTiktokShop", lambda k: k.encode(), "appKey", SRC_TIKTOK,
                              "tiktok_app_secret_8c2a71",
                              '{"type":1,"shop_id":"7494049642642441621","timestamp":1644412885,'
                              '"data":{"order_id":"576461413038785752","order_status":"UNPAID"}}',
                              "6abcdefghij1k", "6kjihgfedcba1")
build_shopee = make_head_hmac("shopee", "verifyShopee", lambda u: u.encode() + b"|", "url", SRC_SHOPEE,
                              "shopee_partner_key_e5f60a",
                              '{"code":3,"shop_id":600000,"timestamp":1660123456,'
                              '"data":{"ordersn":"220810ABCDEF12","status":"READY_TO_SHIP"}}',
                              "https://shop.example/hooks/shopee", "http://shop.example/hooks/shopee")
# ---- end standard-webhooks, sepay, lazada, tiktok-shop, shopee ----


# ---- payos / casso / zalopay ----
# The canonicalised schemes. Everything below is written here, from WAVE1.md's rules, without
# the library: a strict JSON reader (json.loads with hooks that refuse duplicate keys, numbers
# that do not print as their own text, __proto__, lone surrogates), JavaScript's number and key
# order rules, payOS's sorted key=value text, Casso's sorted JSON (JSON.stringify and PHP
# json_encode spellings) and ZaloPay's data string. Vectors: WAVE1.md, byte for byte.
SRC_PAYOS_VERIFY = "https://payos.vn/docs/tich-hop-webhook/kiem-tra-du-lieu-voi-signature"
SRC_PAYOS_API = "https://payos.vn/docs/du-lieu-tra-ve/webhook/"
SRC_PAYOS_SDK = "https://github.com/payOSHQ/payos-lib-node/blob/main/tests/crypto/testCases.json (case webhook)"
SRC_CASSO = "Casso webhook v2 sample (copies of developer.casso.vn/webhook/thiet-lap-webhook-thu-cong; THIRD in WAVE1.md)"
SRC_ZALOPAY = "https://docs.zalopay.vn/docs/specs/callback-api (sandbox key2 of app 2553: THIRD, public samples)"
SRC_CANON = "vectors/generate.py (Python hmac, canonical forms of WAVE1.md)"
SRC_STRICT = "vectors/generate.py (strict JSON rules of issue 27)"
MAX_DEPTH = 64


class Ambiguous(Exception):
    pass


def js_number(x):
    """JavaScript's Number::toString of a double, from Python's shortest repr."""
    if x == 0:
        return "0"
    if x != x or x in (float("inf"), float("-inf")):
        raise Ambiguous("non-finite")
    sign = "-" if x < 0 else ""
    r = repr(abs(float(x)))
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    intpart, _, frac = mant.partition(".")
    digits = (intpart + frac).lstrip("0")
    point = len(intpart) + e  # position of the decimal point relative to digits' start
    lead = len(intpart + frac) - len((intpart + frac).lstrip("0"))
    point -= lead
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        e1 = n - 1
        es = ("+" if e1 >= 0 else "-") + str(abs(e1))
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + es
    return sign + s


def strict_number(text):
    v = float(text)
    if text == "-0" or (v == 0 and text.startswith("-")):
        raise Ambiguous("-0")
    if v == int(v) and abs(v) > 2 ** 53 - 1:
        raise Ambiguous("integer past 2^53")
    if js_number(v) != text:
        raise Ambiguous("number not written as it prints")
    return int(v) if v == int(v) and "." not in text and "e" not in text.lower() else v


def strict_pairs(pairs):
    seen = {}
    for k, v in pairs:
        if k == "__proto__":
            raise Ambiguous("__proto__")
        if k in seen:
            raise Ambiguous("duplicate key")
        seen[k] = v
    return seen


def has_lone_surrogate(s):
    i = 0
    while i < len(s):
        c = ord(s[i])
        if 0xD800 <= c <= 0xDBFF and i + 1 < len(s) and 0xDC00 <= ord(s[i + 1]) <= 0xDFFF:
            i += 2
            continue
        if 0xD800 <= c <= 0xDFFF:
            return True
        i += 1
    return False


def depth_of(v):
    if isinstance(v, dict):
        return 1 + max([depth_of(x) for x in v.values()] or [0])
    if isinstance(v, list):
        return 1 + max([depth_of(x) for x in v] or [0])
    return 0


def walk_strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from walk_strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk_strings(x)


def strict_json(raw):
    """The one reading of raw (bytes or str), or None when there is not exactly one."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if text.startswith("\ufeff"):
            text = text[1:]
        # Python's reader allows what JSON does not (NaN, Infinity): refused by parse_constant.
        def no_constant(_):
            raise Ambiguous("constant")
        if re.search(r"[^\x20\x09\x0a\x0d]", text) is None:
            return None
        v = json.loads(text, object_pairs_hook=strict_pairs, parse_float=strict_number,
                       parse_int=strict_number, parse_constant=no_constant)
    except (Ambiguous, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if depth_of(v) > MAX_DEPTH or any(has_lone_surrogate(s) for s in walk_strings(v)):
        return None
    return (v,)


def is_index(k):
    return re.fullmatch(r"0|[1-9][0-9]{0,9}", k) is not None and int(k) < 4294967295


def js_keys(d):
    """Keys as a JavaScript object built from the sorted keys lists them."""
    idx = sorted((k for k in d if is_index(k)), key=int)
    rest = sorted((k for k in d if not is_index(k)), key=lambda k: k.encode("utf-16-be"))
    return idx + rest


def js_order(d):
    """Keys as JSON.parse leaves them: index keys ascending, then in the order written."""
    return sorted((k for k in d if is_index(k)), key=int) + [k for k in d if not is_index(k)]


def js_str(s):
    return json.dumps(s, ensure_ascii=False)


def js_stringify(v, sort):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return js_number(v)
    if isinstance(v, str):
        return js_str(v)
    if isinstance(v, list):
        return "[" + ",".join(js_stringify(x, sort) for x in v) + "]"
    keys = js_keys(v) if sort else js_order(v)
    return "{" + ",".join(js_str(k) + ":" + js_stringify(v[k], sort) for k in keys) + "}"


def php_spelling(js):
    out = []
    for ch in js:
        if ch == "/":
            out.append("\\/")
        elif ord(ch) > 0x7F:
            for unit in ch.encode("utf-16-be").hex():
                pass
            b = ch.encode("utf-16-be")
            for i in range(0, len(b), 2):
                out.append("\\u%04x" % int.from_bytes(b[i:i + 2], "big"))
        else:
            out.append(ch)
    return "".join(out)


# ---------------- payOS
def payos_texts(data):
    """[JS text, PHP text?] of data, or None when a value cannot be signed."""
    parts, php, differs = [], [], False
    for k in js_keys(data):
        v = data[k]
        if v is None or v == "null" or v == "undefined":
            w = p = ""
        elif isinstance(v, list):
            if not all(isinstance(x, dict) for x in v):
                return None
            w = "[" + ",".join(js_stringify({kk: x[kk] for kk in js_keys(x)}, False) for x in v) + "]"
            p = w.replace("/", "\\/")
            differs = differs or p != w
        elif isinstance(v, dict):
            return None
        elif isinstance(v, bool):
            w = p = "true" if v else "false"
        elif isinstance(v, (int, float)):
            w = p = js_number(v)
        else:
            w = p = v
        parts.append(k + "=" + w)
        php.append(k + "=" + p)
    return ["&".join(parts)] + (["&".join(php)] if differs else [])


def ref_payos(inp):
    read = strict_json(to_bytes(inp["body"]))
    if read is None or not isinstance(read[0], dict):
        return fail("malformed_header")
    body = read[0]
    sig = body.get("signature")
    if sig is None or (isinstance(sig, str) and not sig.strip(WS)):
        return fail("missing_header")
    if not isinstance(sig, str) or not hex_ok(sig.strip(WS), 32):
        return fail("malformed_header")
    data = body.get("data")
    if not isinstance(data, dict):
        return fail("malformed_header")
    texts = payos_texts(data)
    if texts is None:
        return fail("malformed_header")
    for t in texts:
        got = matching_secret("sha256", inp["secret"], t.encode("utf-8"), bytes.fromhex(sig.strip(WS)))
        if got is not None:
            return ok(**got)
    return fail("signature_mismatch")


def payos_sig(data, key):
    return hexmac("sha256", key.encode("utf-8"), payos_texts(data)[0].encode("utf-8"))


PAYOS_DOC_KEY = "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675"
PAYOS_DOC_DATA = (
    '{"orderCode":123,"amount":3000,"description":"VQRIO123","accountNumber":"12345678","reference":"TF230204212323",'
    '"transactionDateTime":"2023-02-04 18:25:00","currency":"VND","paymentLinkId":"124c33293c43417ab7879e14c8d9eb18",'
    '"code":"00","desc":"Thành công","counterAccountBankId":"","counterAccountBankName":"","counterAccountName":"",'
    '"counterAccountNumber":"","virtualAccountName":"","virtualAccountNumber":""}'
)
PAYOS_DOC_SIGNED = (
    "accountNumber=12345678&amount=3000&code=00&counterAccountBankId=&counterAccountBankName=&counterAccountName="
    "&counterAccountNumber=&currency=VND&desc=Thành công&description=VQRIO123&orderCode=123&paymentLinkId="
    "124c33293c43417ab7879e14c8d9eb18&reference=TF230204212323&transactionDateTime=2023-02-04 18:25:00"
    "&virtualAccountName=&virtualAccountNumber="
)
PAYOS_DOC_SIG = "412e915d2871504ed31be63c8f62a149a4410d34c4c42affc9006ef9917eaa03"
PAYOS_API_SIG = "8d8640d802576397a1ce45ebda7f835055768ac7ad2e0bfb77f9b8f12cca4c7f"
PAYOS_SDK_KEY = "test_checksum_key"
PAYOS_SDK_SIGNED = (
    "accountNumber=0123456789&amount=20000&code=00&counterAccountBankId=01202001&counterAccountBankName="
    "&counterAccountName=NGUYEN VAN A&counterAccountNumber=9876543210&currency=VND&desc=success&description=thanh toan"
    "&orderCode=0&paymentLinkId=payment-link-id&reference=FT-REFERENCE&transactionDateTime=2025-12-12 09:00:00"
    "&virtualAccountName=&virtualAccountNumber="
)
PAYOS_SDK_SIG = "302b3becca1672dff99daafae2965f40e48ea3ca39453e4bf37fbcc26807a0e8"
PAYOS_SDK_DATA = (
    '{"orderCode":0,"amount":20000,"description":"thanh toan","accountNumber":"0123456789","reference":"FT-REFERENCE",'
    '"transactionDateTime":"2025-12-12 09:00:00","currency":"VND","paymentLinkId":"payment-link-id","code":"00",'
    '"desc":"success","counterAccountBankId":"01202001","counterAccountBankName":"","counterAccountName":"NGUYEN VAN A",'
    '"counterAccountNumber":"9876543210","virtualAccountName":"","virtualAccountNumber":""}'
)


def payos_body(data_text, signature, head='"code":"00","desc":"success","success":true,'):
    return "{" + head + '"data":' + data_text + ',"signature":' + json.dumps(signature) + "}"


def assert_payos_published():
    data = strict_json(PAYOS_DOC_DATA)[0]
    assert payos_texts(data) == [PAYOS_DOC_SIGNED] and len(PAYOS_DOC_SIGNED.encode()) == 350
    assert openssl_hmac_textkey_hex("sha256", PAYOS_DOC_KEY, PAYOS_DOC_SIGNED.encode()) == PAYOS_DOC_SIG
    assert payos_sig(data, PAYOS_DOC_KEY) == PAYOS_DOC_SIG != PAYOS_API_SIG
    sdk = strict_json(PAYOS_SDK_DATA)[0]
    assert payos_texts(sdk) == [PAYOS_SDK_SIGNED]
    assert openssl_hmac_textkey_hex("sha256", PAYOS_SDK_KEY, PAYOS_SDK_SIGNED.encode()) == PAYOS_SDK_SIG


def build_payos():
    assert_payos_published()
    vf = VectorFile("payos", "verifyPayosSignature", ref_payos, None, "secret")
    doc, sdk = U(PAYOS_DOC_KEY), U(PAYOS_SDK_KEY)
    inp = lambda body, key=doc: {"body": U(body), "secret": key}
    signed = lambda data_text, key=PAYOS_DOC_KEY: payos_body(data_text, payos_sig(strict_json(data_text)[0], key))
    vf.valid("payOS docs: the verification page's data, key and signature 412e915d….", SRC_PAYOS_VERIFY,
             inp(payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG)))
    vf.valid("payOS SDK test case 'webhook': key test_checksum_key, signature 302b3bec….", SRC_PAYOS_SDK,
             inp(payos_body(PAYOS_SDK_DATA, PAYOS_SDK_SIG), sdk))
    vf.valid("The signature in uppercase hex matches.", SRC_RULES, inp(payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG.upper())))
    vf.valid("Whitespace around the signature is ignored.", SRC_RULES, inp(payos_body(PAYOS_DOC_DATA, " " + PAYOS_DOC_SIG + " ")))
    vf.valid("A rotation list matches its second key.", SRC_CANON,
             {"body": U(payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG)), "secret": [U("an-old-checksum-key"), doc]}, secretIndex=1)
    pretty = json.dumps(json.loads(payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG)), indent=2, ensure_ascii=False)
    vf.valid("A pretty-printed body with the same data matches (payOS signs data's fields, not the bytes).", SRC_CANON, inp(pretty))
    vf.valid("Fields in another order, signature first, match.", SRC_CANON,
             inp('{"signature":"%s","data":{"virtualAccountNumber":"","desc":"Thành công",%s' % (PAYOS_DOC_SIG, PAYOS_DOC_DATA[1:].replace(',"desc":"Thành công"', "").replace(',"virtualAccountNumber":""', "")) + "}"))
    vf.valid("null, \"null\" and \"undefined\" sign as empty values.", SRC_CANON,
             inp(signed('{"orderCode":1,"amount":2,"a":null,"b":"null","c":"undefined","d":"x"}')))
    vf.valid("Booleans sign as true/false (the Node SDK's String()).", SRC_CANON, inp(signed('{"orderCode":1,"flag":true,"other":false}')))
    vf.valid("An array signs as the JSON of its items, each item's keys sorted.", SRC_CANON,
             inp(signed('{"orderCode":1,"items":[{"name":"Mì tôm","quantity":1,"price":2000},{"b":[3,{"z":1,"a":2}],"a":null}]}')))
    arr = '{"orderCode":1,"items":[{"url":"https://x.example/a"}]}'
    data = strict_json(arr)[0]
    texts = payos_texts(data)
    assert len(texts) == 2 and "\\/" in texts[1]
    vf.valid("An array holding a / matches in JSON.stringify's spelling.", SRC_CANON, inp(signed(arr)))
    vf.valid("An array holding a / matches in PHP json_encode's spelling (\\/), the docs' sample code.", SRC_CANON,
             inp(payos_body(arr, hexmac("sha256", PAYOS_DOC_KEY.encode(), texts[1].encode()))))
    vf.valid("Index-like keys come first, by value, as a JavaScript object lists them.", SRC_CANON,
             inp(signed('{"b":1,"10":2,"2":3,"a":4,"01":5}')))
    vf.valid("Numbers with a fraction and an exponent, written as they print, is signed as written.", SRC_CANON,
             inp(signed('{"orderCode":1,"rate":0.125,"neg":-2.5,"small":1.5e-7}')))

    vf.invalid("payOS API reference: signature 8d8640d8… does not match the published checksum key (a documented mismatch).",
               SRC_PAYOS_API, inp(payos_body(PAYOS_DOC_DATA, PAYOS_API_SIG)), "signature_mismatch")
    vf.invalid("The amount changed after signing.", SRC_CANON,
               inp(payos_body(PAYOS_DOC_DATA.replace('"amount":3000', '"amount":30000'), PAYOS_DOC_SIG)), "signature_mismatch")
    vf.invalid("The SDK's signature under the docs' key.", SRC_CANON, inp(payos_body(PAYOS_SDK_DATA, PAYOS_SDK_SIG)), "signature_mismatch")
    vf.invalid("A field outside data changed is not signed, but a changed signature is.", SRC_CANON,
               inp(payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG[:-1] + "0")), "signature_mismatch")
    vf.invalid("No signature field.", SRC_RULES, inp('{"code":"00","data":%s}' % PAYOS_DOC_DATA), "missing_header")
    vf.invalid("A null signature.", SRC_RULES, inp('{"data":%s,"signature":null}' % PAYOS_DOC_DATA), "missing_header")
    vf.invalid("An empty signature.", SRC_RULES, inp(payos_body(PAYOS_DOC_DATA, "")), "missing_header")
    vf.invalid("A blank signature.", SRC_RULES, inp(payos_body(PAYOS_DOC_DATA, "  ")), "missing_header")
    vf.invalid("63 hex digits.", SRC_RULES, inp(payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG[:-1])), "malformed_header")
    vf.invalid("A signature that is a number.", SRC_RULES, inp('{"data":%s,"signature":412}' % PAYOS_DOC_DATA), "malformed_header")
    vf.invalid("No data field.", SRC_RULES, inp('{"signature":"%s"}' % PAYOS_DOC_SIG), "malformed_header")
    vf.invalid("data is an array.", SRC_RULES, inp('{"data":[],"signature":"%s"}' % PAYOS_DOC_SIG), "malformed_header")
    vf.invalid("data holds an object value (its content would go unsigned).", SRC_CANON,
               inp(payos_body('{"orderCode":1,"extra":{"a":1}}', PAYOS_DOC_SIG)), "malformed_header")
    vf.invalid("An array in data holds a number (its content would go unsigned).", SRC_CANON,
               inp(payos_body('{"orderCode":1,"list":[1,2]}', PAYOS_DOC_SIG)), "malformed_header")
    for title, body in [
        ("A duplicate key in data.", payos_body(PAYOS_DOC_DATA[:-1] + ',"amount":1}', PAYOS_DOC_SIG)),
        ("Two signature fields.", payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG)[:-1] + ',"signature":"%s"}' % PAYOS_DOC_SIG),
        ("An amount written 3000.0.", payos_body(PAYOS_DOC_DATA.replace("3000", "3000.0"), PAYOS_DOC_SIG)),
        ("An amount written 3e3.", payos_body(PAYOS_DOC_DATA.replace("3000", "3e3"), PAYOS_DOC_SIG)),
        ("An orderCode written -0.", payos_body(PAYOS_DOC_DATA.replace('"orderCode":123', '"orderCode":-0'), PAYOS_DOC_SIG)),
        ("An orderCode past 2^53.", payos_body(PAYOS_DOC_DATA.replace('"orderCode":123', '"orderCode":9007199254740993'), PAYOS_DOC_SIG)),
        ("A __proto__ key in data.", payos_body(PAYOS_DOC_DATA[:-1] + ',"__proto__":{}}', PAYOS_DOC_SIG)),
        ("A lone surrogate escape in a string.", payos_body(PAYOS_DOC_DATA.replace("VQRIO123", "VQRIO\\ud800"), PAYOS_DOC_SIG)),
        ("Not JSON.", "signature=" + PAYOS_DOC_SIG),
        ("A JSON array.", "[" + payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG) + "]"),
        ("Text after the JSON value.", payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG) + "x"),
        ("Nesting deeper than 64.", payos_body(PAYOS_DOC_DATA[:-1] + ',"deep":' + "[" * 70 + "]" * 70 + "}", PAYOS_DOC_SIG)),
    ]:
        vf.invalid("Refused, no single reading: " + title, SRC_STRICT, inp(body), "malformed_header")
    raw = payos_body(PAYOS_DOC_DATA, PAYOS_DOC_SIG).encode().replace(b"VQRIO123", b"VQRIO\xff")
    vf.invalid("Refused, no single reading: invalid UTF-8.", SRC_STRICT, {"body": HX(raw), "secret": doc}, "malformed_header")
    return vf


# ---------------- Casso
CASSO_KEY = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs"
CASSO_T = 1727948258788
CASSO_SIG = ("ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa"
             "098032fb2d6b6996856e8b7ff3")
CASSO_SIGNED_JSON = (
    '{"data":{"accountNumber":"88888888","amount":599000,"bankAbbreviation":"VPB","bankName":"VPBank",'
    '"counterAccountBankId":"970415","counterAccountBankName":"VietinBank","counterAccountName":"NGUYEN VAN A",'
    '"counterAccountNumber":"8888888888","description":"giao dich thu nghiem","id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM",'
    '"runningBalance":25000000,"transactionDateTime":"2024-10-03 15:06:37","virtualAccountName":"","virtualAccountNumber":""},"error":0}'
)
# The body as the samples' sender writes it (unsorted), which sorts to the signed JSON.
CASSO_BODY = (
    '{"error":0,"data":{"id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM","description":"giao dich thu nghiem","amount":599000,'
    '"runningBalance":25000000,"transactionDateTime":"2024-10-03 15:06:37","accountNumber":"88888888","bankName":"VPBank",'
    '"bankAbbreviation":"VPB","virtualAccountNumber":"","virtualAccountName":"","counterAccountName":"NGUYEN VAN A",'
    '"counterAccountNumber":"8888888888","counterAccountBankId":"970415","counterAccountBankName":"VietinBank"}}'
)


def casso_fields(v):
    t = d = None
    for part in v.split(","):
        if "=" not in part:
            return None
        k, _, f = part.partition("=")
        k, f = k.strip(WS), f.strip(WS)
        if k == "t":
            if t is not None or re.fullmatch("[0-9]{1,16}", f) is None:
                return None
            t = f
        elif k == "v1":
            if d is not None or not hex_ok(f, 64):
                return None
            d = f
    return None if t is None or d is None else (t, d)


def casso_texts(body):
    read = strict_json(body)
    if read is None:
        return None
    js = js_stringify(read[0], True)
    php = php_spelling(js)
    return [js] + ([php] if php != js else [])


def ref_casso(inp):
    v, err = header_value(inp["signature"])
    if err:
        return fail(err)
    fields = casso_fields(v)
    if fields is None:
        return fail("malformed_header")
    texts = casso_texts(to_bytes(inp["body"]))
    if texts is None:
        return fail("malformed_header")
    t, d = fields
    tol = inp.get("toleranceSeconds", 300)
    tol = float("inf") if tol == "Infinity" else tol
    for j in texts:
        got = matching_secret("sha512", inp["secret"], (t + "." + j).encode("utf-8"), bytes.fromhex(d))
        if got is not None:
            age = inp["now"] - int(t)
            if age > tol * 1000:
                return fail("timestamp_too_old")
            if -age > tol * 1000:
                return fail("timestamp_too_new")
            return ok(timestamp=int(t), **got)
    return fail("signature_mismatch")


def casso_header(body, key, t, php=False):
    j = casso_texts(body.encode("utf-8"))[1 if php else 0]
    return "t=%d,v1=%s" % (t, hexmac("sha512", key.encode(), ("%d." % t + j).encode("utf-8")))


def signed_casso(inp, exp):
    return casso_header(to_bytes(inp["body"]).decode("utf-8"), inp["secret"]["utf8"], exp["timestamp"]), inp["signature"]


def build_casso():
    assert js_stringify(strict_json(CASSO_BODY)[0], True) == CASSO_SIGNED_JSON
    signed = ("%d." % CASSO_T + CASSO_SIGNED_JSON).encode()
    assert len(signed) == 466 and openssl_hmac_textkey_hex("sha512", CASSO_KEY, signed) == CASSO_SIG
    vf = VectorFile("casso", "verifyCassoSignature", ref_casso, signed_casso, "secret")
    key = U(CASSO_KEY)
    header = "t=%d,v1=%s" % (CASSO_T, CASSO_SIG)
    inp = lambda sig, body=CASSO_BODY, now=CASSO_T, secret=key, **kw: dict({"body": U(body), "secret": secret, "signature": sig, "now": now}, **kw)
    vf.valid("Casso's sample: checksum key, t=1727948258788 and its v1.", SRC_CASSO, inp(header), sign=True, timestamp=CASSO_T)
    vf.valid("The same body already sorted matches.", SRC_CASSO, inp(header, CASSO_SIGNED_JSON), sign=True, timestamp=CASSO_T)
    vf.valid("The same body pretty-printed matches (Casso signs the sorted JSON, not the bytes).", SRC_CANON,
             inp(header, json.dumps(json.loads(CASSO_BODY), indent=2)), timestamp=CASSO_T)
    vf.valid("v1 in uppercase hex.", SRC_RULES, inp("t=%d,v1=%s" % (CASSO_T, CASSO_SIG.upper())), timestamp=CASSO_T)
    vf.valid("v1 before t, spaces after the comma.", SRC_RULES, inp("v1=%s, t=%d" % (CASSO_SIG, CASSO_T)), timestamp=CASSO_T)
    vf.valid("An unknown field in the header is ignored.", SRC_RULES, inp(header + ",v2=abc"), timestamp=CASSO_T)
    vf.valid("A rotation list matches its second key.", SRC_CANON, inp(header, secret=[U("old-key"), key]), timestamp=CASSO_T, secretIndex=1)
    vf.valid("t exactly 300 s old is inside the default tolerance.", SRC_RULES, inp(header, now=CASSO_T + 300000), timestamp=CASSO_T)
    vf.valid("t exactly 300 s ahead is inside the default tolerance.", SRC_RULES, inp(header, now=CASSO_T - 300000), timestamp=CASSO_T)
    vf.valid("toleranceSeconds Infinity accepts a capture from a year later.", SRC_RULES,
             inp(header, now=CASSO_T + 365 * 86400000, toleranceSeconds="Infinity"), timestamp=CASSO_T)
    vi = '{"error":0,"data":{"id":7,"description":"CT DEN:0123 Thanh toán đơn hàng #42/2024","amount":150000}}'
    assert len(casso_texts(vi.encode())) == 2
    vf.valid("Vietnamese and a / in JSON.stringify's spelling.", SRC_CANON, inp(casso_header(vi, CASSO_KEY, CASSO_T), vi),
             sign=True, timestamp=CASSO_T)
    vf.valid("Vietnamese and a / in PHP json_encode's spelling (\\u1ea1, \\/).", SRC_CANON,
             inp(casso_header(vi, CASSO_KEY, CASSO_T, php=True), vi), timestamp=CASSO_T)
    nested = '{"data":{"z":[{"b":1,"a":{"y":null,"x":true}}],"10":1,"9":2,"a":-1.5}}'
    vf.valid("Keys sorted at every depth, inside arrays too; index keys first.", SRC_CANON,
             inp(casso_header(nested, CASSO_KEY, CASSO_T), nested), sign=True, timestamp=CASSO_T)

    vf.invalid("The amount changed after signing.", SRC_CANON, inp(header, CASSO_BODY.replace("599000", "599001")), "signature_mismatch")
    vf.invalid("Another checksum key.", SRC_CANON, inp(header, secret=U("another-key")), "signature_mismatch")
    vf.invalid("t changed after signing.", SRC_CANON, inp("t=%d,v1=%s" % (CASSO_T + 1, CASSO_SIG), now=CASSO_T + 1), "signature_mismatch")
    raw_sig = hexmac("sha512", CASSO_KEY.encode(), ("%d." % CASSO_T + CASSO_BODY).encode())
    vf.invalid("An HMAC of t.<raw body> (unsorted) does not match.", SRC_CANON, inp("t=%d,v1=%s" % (CASSO_T, raw_sig)), "signature_mismatch")
    missing_variants(vf, lambda v: inp(v), "X-Casso-Signature")
    for title, value in [
        ("No t.", "v1=" + CASSO_SIG),
        ("No v1.", "t=%d" % CASSO_T),
        ("t is not digits.", "t=17x,v1=" + CASSO_SIG),
        ("t given twice.", "t=%d,t=%d,v1=%s" % (CASSO_T, CASSO_T, CASSO_SIG)),
        ("v1 of 64 hex digits (SHA-256 length).", "t=%d,v1=%s" % (CASSO_T, CASSO_SIG[:64])),
        ("A part without =.", header + ",junk"),
        ("Two different header values.", [header, "t=1,v1=" + CASSO_SIG]),
    ]:
        vf.invalid(title, SRC_RULES, inp(value), "malformed_header")
    for title, body in [
        ("A duplicate key.", CASSO_BODY[:-2] + ',"amount":1}}'),
        ("An amount written 599000.0.", CASSO_BODY.replace("599000", "599000.0")),
        ("An id past 2^53.", CASSO_BODY.replace('"id":0', '"id":9007199254740993')),
        ("A __proto__ key.", CASSO_BODY[:-1] + ',"__proto__":1}'),
        ("Not JSON.", "error=0"),
    ]:
        vf.invalid("Body refused, no single reading: " + title, SRC_STRICT, inp(header, body), "malformed_header")
    vf.invalid("t 300.001 s old.", SRC_RULES, inp(header, now=CASSO_T + 300001), "timestamp_too_old")
    vf.invalid("t 300.001 s ahead.", SRC_RULES, inp(header, now=CASSO_T - 300001), "timestamp_too_new")
    vf.invalid("toleranceSeconds 0 and one ms of skew.", SRC_RULES, inp(header, now=CASSO_T + 1, toleranceSeconds=0), "timestamp_too_old")
    ts = CASSO_T // 1000
    vf.invalid("t written in seconds by a sender reads as 1970.", SRC_CANON,
               inp(casso_header(CASSO_BODY, CASSO_KEY, ts)), "timestamp_too_old")
    return vf


# ---------------- ZaloPay
ZP_KEY2 = "kLtgPl8HHhfvMuDHPwKfgfsY4Ydm9eIz"
ZP_DATA = (
    '{"app_id":2553,"app_trans_id":"200904_2553_1598435687208","app_time":1599189392817,"app_user":"demo","amount":10000,'
    '"embed_data":"{\\"merchantinfo\\":\\"embeddata123\\",\\"promotioninfo\\":\\"\\"}","item":"[{\\"itemid\\":\\"knb\\",'
    '\\"itemname\\":\\"kim nguyen bao\\",\\"itemprice\\":198400,\\"itemquantity\\":1}]","zp_trans_id":200904000000389,'
    '"server_time":1599189413498,"channel":38,"merchant_user_id":"7ZMSl3nEg5sOUJzOLSoUFT8xKNQVaLOLXHB--8Eytqc",'
    '"user_fee_amount":0,"discount_amount":0}'
)
ZP_MAC = "d8d33baf449b31d7f9b94fa50d7c942c08cd4d83f28fa185557da21acb104f67"


def ref_zalopay(inp):
    read = strict_json(to_bytes(inp["body"]))
    if read is None or not isinstance(read[0], dict):
        return fail("malformed_header")
    body = read[0]
    m = body.get("mac")
    if m is None or (isinstance(m, str) and not m.strip(WS)):
        return fail("missing_header")
    if not isinstance(m, str) or not hex_ok(m.strip(WS), 32):
        return fail("malformed_header")
    data = body.get("data")
    if not isinstance(data, str):
        return fail("malformed_header")
    got = matching_secret("sha256", inp["secret"], data.encode("utf-8"), bytes.fromhex(m.strip(WS)))
    return fail("signature_mismatch") if got is None else ok(**got)


def zp_body(data, m, type_=1):
    return json.dumps({"data": data, "mac": m, "type": type_}, ensure_ascii=False, separators=(",", ":"))


def build_zalopay():
    assert len(ZP_DATA.encode()) == 470
    assert openssl_hmac_textkey_hex("sha256", ZP_KEY2, ZP_DATA.encode()) == ZP_MAC
    vf = VectorFile("zalopay", "verifyZalopayMac", ref_zalopay, None, "secret")
    key = U(ZP_KEY2)
    inp = lambda body, secret=key: {"body": U(body), "secret": secret}
    zmac = lambda data: hexmac("sha256", ZP_KEY2.encode(), data.encode("utf-8"))
    vf.valid("ZaloPay docs' callback with the public sandbox key2 of app 2553.", SRC_ZALOPAY, inp(zp_body(ZP_DATA, ZP_MAC)))
    vf.valid("The same callback, mac first, with whitespace.", SRC_CANON,
             inp('{ "mac" : "%s",\n  "type": 1,\n  "data": %s }' % (ZP_MAC, json.dumps(ZP_DATA))))
    vf.valid("mac in uppercase hex.", SRC_RULES, inp(zp_body(ZP_DATA, ZP_MAC.upper())))
    vf.valid("A rotation list matches its second key.", SRC_CANON, inp(zp_body(ZP_DATA, ZP_MAC), [U("old-key2"), key]), secretIndex=1)
    vi = '{"app_trans_id":"241001_1","zp_trans_id":241001000000001,"app_user":"Nguyễn Văn A","amount":50000}'
    vf.valid("Vietnamese in data, sent raw.", SRC_CANON, inp(zp_body(vi, zmac(vi))))
    vf.valid("Vietnamese in data, sent as \\u escapes in the outer JSON (the same data string).", SRC_CANON,
             inp(json.dumps({"data": vi, "mac": zmac(vi), "type": 1}, ensure_ascii=True)))
    dup = '{"app_trans_id":"a","zp_trans_id":1,"amount":1,"amount":2}'
    vf.valid("A data string with a duplicate key verifies as text (the parser then refuses it).", SRC_CANON, inp(zp_body(dup, zmac(dup))))
    vf.valid("An agreement callback (type 2).", SRC_CANON, inp(zp_body(ZP_DATA, ZP_MAC, 2)))

    vf.invalid("The amount changed inside data.", SRC_CANON, inp(zp_body(ZP_DATA.replace('"amount":10000', '"amount":100000'), ZP_MAC)), "signature_mismatch")
    vf.invalid("data re-serialised with spaces.", SRC_CANON, inp(zp_body(ZP_DATA.replace(",", ", ", 1), ZP_MAC)), "signature_mismatch")
    vf.invalid("Another key2.", SRC_CANON, inp(zp_body(ZP_DATA, ZP_MAC), U("another-key2")), "signature_mismatch")
    vf.invalid("No mac field.", SRC_RULES, inp(json.dumps({"data": ZP_DATA, "type": 1})), "missing_header")
    vf.invalid("A null mac.", SRC_RULES, inp(json.dumps({"data": ZP_DATA, "mac": None})), "missing_header")
    vf.invalid("An empty mac.", SRC_RULES, inp(zp_body(ZP_DATA, "")), "missing_header")
    vf.invalid("A blank mac.", SRC_RULES, inp(zp_body(ZP_DATA, " \t")), "missing_header")
    vf.invalid("63 hex digits.", SRC_RULES, inp(zp_body(ZP_DATA, ZP_MAC[:-1])), "malformed_header")
    vf.invalid("A mac that is a number.", SRC_RULES, inp(json.dumps({"data": ZP_DATA, "mac": 1})), "malformed_header")
    vf.invalid("data is an object, not the JSON text.", SRC_RULES, inp(json.dumps({"data": json.loads(ZP_DATA), "mac": ZP_MAC})), "malformed_header")
    vf.invalid("No data field.", SRC_RULES, inp(json.dumps({"mac": ZP_MAC})), "malformed_header")
    for title, body in [
        ("Two data fields.", zp_body(ZP_DATA, ZP_MAC)[:-1] + ',"data":"{}"}'),
        ("type written 1.0.", zp_body(ZP_DATA, ZP_MAC).replace('"type":1', '"type":1.0')),
        ("A __proto__ key.", zp_body(ZP_DATA, ZP_MAC)[:-1] + ',"__proto__":null}'),
        ("Not JSON.", "data=x&mac=" + ZP_MAC),
        ("A JSON string.", json.dumps(ZP_DATA)),
    ]:
        vf.invalid("Refused, no single reading: " + title, SRC_STRICT, inp(body), "malformed_header")
    return vf


# ---- vnpay ----
# VNPay IPN 2.1.0: vnp_SecureHash (query), hex HMAC-SHA512 under the hash secret (UTF-8) over
# the vnp_* parameters but vnp_SecureHash/vnp_SecureHashType, sorted, joined `k=v&...` with the
# values URL-encoded. How the values are encoded is THIRD (three demo codes disagree on
# !'()*~; PHP's keeps empty values, Java's skips them): the reference accepts every reading.
SRC_VNPAY_DOC = "https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html (2.1.0, HMACSHA512; encoding THIRD: VNPay demo code)"
VNPAY_SECRET = "VNPAYTESTHASHSECRET0123456789ABCDEF"
VNPAY_PARAMS = [
    ("vnp_Amount", "1000000"),
    ("vnp_BankCode", "NCB"),
    ("vnp_BankTranNo", "VNP14226112"),
    ("vnp_CardType", "ATM"),
    ("vnp_OrderInfo", "Thanh toan don hang :5"),
    ("vnp_PayDate", "20240101153333"),
    ("vnp_ResponseCode", "00"),
    ("vnp_TmnCode", "CTTVNP01"),
    ("vnp_TransactionNo", "14226112"),
    ("vnp_TransactionStatus", "00"),
    ("vnp_TxnRef", "5"),
]


def vnpay_encode(value, reading):
    from urllib.parse import quote
    if reading == "php":  # urlencode: all but A-Za-z0-9 _ . -, space as +
        return quote(value, safe="").replace("~", "%7E").replace("%20", "+")
    if reading == "js":  # encodeURIComponent, then %20 -> +
        return quote(value, safe="-_.!~*'()").replace("%20", "+")
    return quote(value, safe="*").replace("~", "%7E").replace("%20", "+")  # java URLEncoder


def vnpay_signed(params, reading="php", empties="keep"):
    items = sorted((k, v) for k, v in params if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType"))
    if empties == "skip":
        items = [(k, v) for k, v in items if v != ""]
    return "&".join("%s=%s" % (vnpay_encode(k, reading), vnpay_encode(v, reading)) for k, v in items)


def vnpay_query(params, key=VNPAY_SECRET, reading="php", empties="keep", extra=(), order=None, sig_case=str.lower):
    sig = sig_case(hexmac("sha512", key.encode(), vnpay_signed(params, reading, empties).encode()))
    shown = list(params) if order is None else order(list(params))
    return "&".join("%s=%s" % (vnpay_encode(k, "php"), vnpay_encode(v, "php")) for k, v in shown) + "".join(extra) + "&vnp_SecureHash=" + sig


def vnpay_decode(part):
    """Strict application/x-www-form-urlencoded decoding of one name or value, or None."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", part):
        return None
    raw = re.sub(r"%([0-9A-Fa-f]{2})", lambda m: "\\x" + m.group(1), part.replace("+", " "))
    try:
        return raw.encode("latin1", "backslashreplace").decode("unicode_escape").encode("latin1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return None


def ref_vnpay(inp):
    query = inp["query"]
    if "?" in query:
        query = query.split("?", 1)[1]
    query = query.split("#", 1)[0]
    params, seen = [], set()
    for piece in query.split("&"):
        if piece == "":
            continue
        name, _, value = piece.partition("=")
        k, v = vnpay_decode(name), vnpay_decode(value)
        if k is None or v is None:
            return fail("malformed_header")
        if not k.startswith("vnp_"):
            continue
        if k in seen:
            return fail("malformed_header")
        seen.add(k)
        params.append((k, v))
    sig = dict(params).get("vnp_SecureHash", "")
    if sig == "":
        return fail("missing_header")
    if not hex_ok(sig, 64):
        return fail("malformed_header")
    for i, key in enumerate(secret_list(inp["secret"])):
        for reading in ("php", "js", "java"):
            for empties in ("keep", "skip"):
                if hmac.compare_digest(mac("sha512", key, vnpay_signed(params, reading, empties).encode()), bytes.fromhex(sig)):
                    return ok(secretIndex=i) if isinstance(inp["secret"], list) else ok()
    return fail("signature_mismatch")


def signed_vnpay(inp, exp):
    # signVnpayIpn({ params, secret }): the PHP reading, sorted, empty values skipped
    params = [(k, v) for k, v in (tuple(p.split("=", 1)) for p in inp["query"].split("&")) if k != "vnp_SecureHash"]
    decoded = [(vnpay_decode(k), vnpay_decode(v)) for k, v in params]
    sig = hexmac("sha512", secret_list(inp["secret"])[0], vnpay_signed(decoded, "php", "skip").encode())
    mine = "&".join("%s=%s" % (vnpay_encode(k, "php"), vnpay_encode(v, "php")) for k, v in sorted(decoded) if v != "") + "&vnp_SecureHash=" + sig
    return mine, inp["query"]


def build_vnpay():
    vf = VectorFile("vnpay", "verifyVnpayIpn", ref_vnpay, signed_vnpay, "secret")
    S = {"utf8": VNPAY_SECRET}
    src = SRC_VNPAY_DOC
    q = vnpay_query(VNPAY_PARAMS)
    vf.valid("An IPN query signed as VNPay's PHP demo does (urlencode, sorted).", src, {"query": q, "secret": S}, sign=True)
    vf.valid("The whole request target (path, ?, query) is read as its query.", src, {"query": "/vnpay/ipn?" + q, "secret": S})
    vf.valid("A leading ? is skipped.", src, {"query": "?" + q, "secret": S})
    vf.valid("The parameters in the order received, not sorted: the signed string is sorted.", src,
             {"query": vnpay_query(VNPAY_PARAMS, order=lambda p: list(reversed(p))), "secret": S})
    vf.valid("An uppercase hex signature.", src, {"query": vnpay_query(VNPAY_PARAMS, sig_case=str.upper), "secret": S})
    tilde = VNPAY_PARAMS[:4] + [("vnp_OrderInfo", "Don (A*B) ~ 'x'!")] + VNPAY_PARAMS[5:]
    vf.valid("Values with !'()*~ signed as the Node.js demo encodes (encodeURIComponent).", src,
             {"query": vnpay_query(tilde, reading="js"), "secret": S})
    vf.valid("Values with !'()*~ signed as the Java demo encodes (URLEncoder).", src,
             {"query": vnpay_query(tilde, reading="java"), "secret": S})
    vf.valid("Values with !'()*~ signed as the PHP demo encodes (urlencode).", src,
             {"query": vnpay_query(tilde, reading="php"), "secret": S})
    empty = VNPAY_PARAMS[:2] + [("vnp_BankTranNo", "")] + VNPAY_PARAMS[3:]
    vf.valid("An empty value, signed as the PHP demo does (kept as k=).", src, {"query": vnpay_query(empty, empties="keep"), "secret": S})
    vf.valid("An empty value, signed as the Java demo does (skipped).", src, {"query": vnpay_query(empty, reading="java", empties="skip"), "secret": S})
    viet = VNPAY_PARAMS[:4] + [("vnp_OrderInfo", "Thanh toán đơn hàng 5")] + VNPAY_PARAMS[5:]
    vf.valid("Vietnamese text, percent-encoded UTF-8.", src, {"query": vnpay_query(viet), "secret": S})
    vf.valid("vnp_SecureHashType, when sent, is not signed.", src,
             {"query": vnpay_query(VNPAY_PARAMS, extra=("&vnp_SecureHashType=HmacSHA512",)), "secret": S})
    vf.valid("A parameter of the merchant's own URL (not vnp_) is not signed.", src,
             {"query": vnpay_query(VNPAY_PARAMS, extra=("&shop=7",)), "secret": S})
    vf.valid("The second secret of a rotation list matches.", src,
             {"query": q, "secret": [{"utf8": "OLDSECRETOLDSECRETOLDSECRET00000"}, S]}, secretIndex=1)
    vf.invalid("The amount changed after signing.", src, {"query": q.replace("vnp_Amount=1000000", "vnp_Amount=9000000"), "secret": S}, "signature_mismatch")
    vf.invalid("Another hash secret.", src, {"query": vnpay_query(VNPAY_PARAMS, key="ANOTHERSECRET"), "secret": S}, "signature_mismatch")
    vf.invalid("A signed parameter left out.", src, {"query": q.replace("vnp_CardType=ATM&", ""), "secret": S}, "signature_mismatch")
    unsorted = "&".join("%s=%s" % (vnpay_encode(k, "php"), vnpay_encode(v, "php")) for k, v in reversed(VNPAY_PARAMS))
    bad_order = "&".join("%s=%s" % (vnpay_encode(k, "php"), vnpay_encode(v, "php")) for k, v in VNPAY_PARAMS)
    vf.invalid("Signed over the parameters unsorted.", src,
               {"query": bad_order + "&vnp_SecureHash=" + hexmac("sha512", VNPAY_SECRET.encode(), unsorted.encode()), "secret": S}, "signature_mismatch")
    raw = "&".join("%s=%s" % kv for kv in VNPAY_PARAMS)
    vf.invalid("Signed over the values not encoded (the 2.0.0 reading).", src,
               {"query": bad_order + "&vnp_SecureHash=" + hexmac("sha512", VNPAY_SECRET.encode(), raw.encode()), "secret": S}, "signature_mismatch")
    vf.invalid("No vnp_SecureHash parameter.", src, {"query": q.split("&vnp_SecureHash=")[0], "secret": S}, "missing_header")
    vf.invalid("An empty vnp_SecureHash.", src, {"query": q.split("&vnp_SecureHash=")[0] + "&vnp_SecureHash=", "secret": S}, "missing_header")
    vf.invalid("A vnp_SecureHash of 64 hex digits (SHA-256, not 2.1.0).", src, {"query": q[:-64], "secret": S}, "malformed_header")
    vf.invalid("A vnp_SecureHash that is not hex.", src, {"query": q[:-1] + "g", "secret": S}, "malformed_header")
    vf.invalid("vnp_Amount twice (which one was signed?).", src, {"query": "vnp_Amount=1&" + q, "secret": S}, "malformed_header")
    vf.invalid("vnp_SecureHash twice.", src, {"query": q + "&vnp_SecureHash=" + q[-128:], "secret": S}, "malformed_header")
    vf.invalid("A broken percent-escape.", src, {"query": "vnp_Note=%zz&" + q, "secret": S}, "malformed_header")
    vf.invalid("A percent-escape that is not UTF-8.", src, {"query": "vnp_Note=%C3%28&" + q, "secret": S}, "malformed_header")
    return vf


# ---- momo ----
# MoMo IPN v3: body field `signature`, hex HMAC-SHA256 under the secretKey (UTF-8) over
# accessKey=…&amount=…&extraData=…&message=…&orderId=…&orderInfo=…&orderType=…&partnerCode=…
# &payType=…&requestId=…&responseTime=…&resultCode=…&transId=…, values as they are (numbers
# in their JSON text). The body must be strict JSON (no duplicate key, numbers that survive a
# round trip, no __proto__): the reference below refuses the same.
SRC_MOMO_DOC = "https://developers.momo.vn/v3/docs/payment/api/result-handling/notification (example payload; re-signed: the page gives no key)"
MOMO_SECRET = "MoMoTestSecretKey0123456789abcdef"
MOMO_ACCESS_KEY = "MoMoTestAccessKey"
MOMO_FIELDS = ["amount", "extraData", "message", "orderId", "orderInfo", "orderType", "partnerCode", "payType",
               "requestId", "responseTime", "resultCode", "transId"]
MOMO_EXAMPLE = [
    ("partnerCode", "MOMOIOLD20190129"), ("orderId", "01234567890123451633504872421"),
    ("requestId", "01234567890123451633504872421"), ("amount", 1000), ("orderInfo", "Test Thue 1234556"),
    ("orderType", "momo_wallet"), ("transId", 2588659987), ("resultCode", 0), ("message", "Giao dịch thành công."),
    ("payType", "qr"), ("responseTime", 1633504902954),
    ("extraData", "eyJyZXN1bHRfbmFtZXNwYWNlIjoidW1hcmtldCIsImVycm9yIjoiIiwic3RhdGUiOjZ9"),
]


def momo_signed(access_key, fields):
    def text(v):
        return "" if v is None else str(v)
    return "accessKey=" + access_key + "".join("&%s=%s" % (k, text(fields.get(k))) for k in MOMO_FIELDS)


def momo_body(pairs, key=MOMO_SECRET, access_key=MOMO_ACCESS_KEY, sig_case=str.lower, extra=""):
    sig = sig_case(hexmac("sha256", key.encode(), momo_signed(access_key, dict(pairs)).encode()))
    return json.dumps(dict(pairs + [("signature", sig)]), ensure_ascii=False, separators=(",", ":"))[:-1] + extra + "}"


class _Dup(Exception):
    pass


def strict_json_fields(text):
    """json.loads refusing duplicate keys, __proto__ keys and numbers that do not survive a round trip."""
    def pairs(items):
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys) or "__proto__" in keys:
            raise _Dup()
        return dict(items)

    def number(token):
        if re.fullmatch(r"-?(0|[1-9][0-9]*)", token):
            n = int(token)
            if abs(n) > 2 ** 53 - 1:
                raise _Dup()
            return n
        raise _Dup()  # no fraction or exponent is used by these providers' signed numbers
    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=number, parse_float=number, parse_constant=number)
    except (_Dup, ValueError):
        return None


def ref_momo(inp):
    body = strict_json_fields(bytes.fromhex(inp["body"]["hex"]).decode("utf-8") if "hex" in inp["body"] else inp["body"]["utf8"])
    if not isinstance(body, dict):
        return fail("malformed_header")
    sig = body.get("signature")
    if sig is None or sig == "":
        return fail("missing_header")
    if not isinstance(sig, str) or not hex_ok(sig, 32):
        return fail("malformed_header")
    for k in MOMO_FIELDS:
        if k in body and not (isinstance(body[k], str) or (isinstance(body[k], int) and not isinstance(body[k], bool))):
            return fail("malformed_header")
    found = matching_secret("sha256", inp["secret"], momo_signed(inp["accessKey"], body).encode(), bytes.fromhex(sig))
    return fail("signature_mismatch") if found is None else ok(**found)


def signed_momo(inp, exp):
    body = json.loads(inp["body"]["utf8"])
    return hexmac("sha256", secret_list(inp["secret"])[0], momo_signed(inp["accessKey"], body).encode()), body["signature"]


def build_momo():
    vf = VectorFile("momo", "verifyMomoIpn", ref_momo, signed_momo, "secret")
    S, A, src = {"utf8": MOMO_SECRET}, MOMO_ACCESS_KEY, SRC_MOMO_DOC
    good = momo_body(MOMO_EXAMPLE)
    vf.valid("The documented IPN example, signed with our secretKey and accessKey.", src, {"body": {"utf8": good}, "secret": S, "accessKey": A}, sign=True)
    vf.valid("The fields in another order: the signed string has its own.", src,
             {"body": {"utf8": momo_body(sorted(MOMO_EXAMPLE))}, "secret": S, "accessKey": A}, sign=True)
    vf.valid("An uppercase hex signature.", src, {"body": {"utf8": momo_body(MOMO_EXAMPLE, sig_case=str.upper)}, "secret": S, "accessKey": A})
    vf.valid("A field MoMo does not sign (partnerUserId) is allowed.", src,
             {"body": {"utf8": momo_body(MOMO_EXAMPLE, extra=',"partnerUserId":"u-1"')}, "secret": S, "accessKey": A})
    vf.valid("Pretty-printed JSON: the signature covers fields, not bytes.", src,
             {"body": {"utf8": json.dumps(json.loads(good), indent=2, ensure_ascii=False)}, "secret": S, "accessKey": A})
    vf.valid("Non-ASCII as \\u escapes.", src, {"body": {"utf8": json.dumps(json.loads(good))}, "secret": S, "accessKey": A})
    no_extra = [kv for kv in MOMO_EXAMPLE if kv[0] != "extraData"]
    vf.valid("An absent signed field reads as empty (extraData=).", src, {"body": {"utf8": momo_body(no_extra)}, "secret": S, "accessKey": A})
    vf.valid("The second secret of a rotation list matches.", src,
             {"body": {"utf8": good}, "secret": [{"utf8": "old-momo-secret"}, S], "accessKey": A}, secretIndex=1)
    vf.invalid("The amount changed after signing.", src, {"body": {"utf8": good.replace('"amount":1000', '"amount":9000')}, "secret": S, "accessKey": A}, "signature_mismatch")
    vf.invalid("Another accessKey.", src, {"body": {"utf8": good}, "secret": S, "accessKey": "AnotherAccessKey"}, "signature_mismatch")
    vf.invalid("Another secretKey.", src, {"body": {"utf8": momo_body(MOMO_EXAMPLE, key="another")}, "secret": S, "accessKey": A}, "signature_mismatch")
    vf.invalid("No signature field.", src, {"body": {"utf8": json.dumps(dict(MOMO_EXAMPLE))}, "secret": S, "accessKey": A}, "missing_header")
    vf.invalid("A signature of 63 hex digits.", src, {"body": {"utf8": re.sub(r'"signature":"[0-9a-f]', '"signature":"', good)}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("A signature that is a number.", src, {"body": {"utf8": json.dumps(dict(MOMO_EXAMPLE + [("signature", 12)]))}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("amount twice (which one was signed?).", src, {"body": {"utf8": '{"amount":9000,' + good[1:]}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("amount written 1000.0 (not the number's own text).", src, {"body": {"utf8": good.replace('"amount":1000', '"amount":1000.0')}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("amount written 1e3.", src, {"body": {"utf8": good.replace('"amount":1000', '"amount":1e3')}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("transId past 2^53.", src, {"body": {"utf8": good.replace('"transId":2588659987', '"transId":9007199254740993')}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("A __proto__ key.", src, {"body": {"utf8": '{"__proto__":{},' + good[1:]}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("A signed field that is a boolean.", src, {"body": {"utf8": good.replace('"resultCode":0', '"resultCode":false')}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("Not JSON.", src, {"body": {"utf8": good[:-1]}, "secret": S, "accessKey": A}, "malformed_header")
    vf.invalid("A JSON array.", src, {"body": {"utf8": "[" + good + "]"}, "secret": S, "accessKey": A}, "malformed_header")
    return vf


# ---- adyen ----
# Adyen standard webhooks: each NotificationRequestItem's additionalData.hmacSignature, base64
# HMAC-SHA256 under the hex-decoded HMAC key over pspReference:originalReference:
# merchantAccountCode:merchantReference:value:currency:eventCode:success (missing = ""). Every
# item of a batch must verify. Strict JSON as for MoMo.
SRC_ADYEN_SDK = "https://github.com/Adyen/adyen-node-api-library/blob/main/src/__tests__/hmacValidator.spec.ts"
SRC_ADYEN_DOC = "https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures"
ADYEN_SDK_KEY = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00"
ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
ADYEN_FIELDS = ["pspReference", "originalReference", "merchantAccountCode", "merchantReference"]


def adyen_signed(item):
    def text(v):
        return "" if v is None else ("true" if v is True else "false" if v is False else str(v))
    amount = item.get("amount") or {}
    parts = [item.get(k) for k in ADYEN_FIELDS] + [amount.get("value"), amount.get("currency"), item.get("eventCode"), item.get("success")]
    return ":".join(text(p) for p in parts)


def adyen_item(fields, key=ADYEN_KEY, tamper=None, sig=None):
    item = dict(fields)
    mac_ = sig if sig is not None else b64mac("sha256", bytes.fromhex(key), adyen_signed(item).encode())
    item["additionalData"] = dict(item.get("additionalData", {}), hmacSignature=mac_)
    if tamper:
        item.update(tamper)
    return {"NotificationRequestItem": item}


def adyen_body(*items, live="false"):
    return json.dumps({"live": live, "notificationItems": list(items)}, separators=(",", ":"))


SDK_ITEM = {"pspReference": "pspReference", "originalReference": "originalReference", "merchantAccountCode": "merchantAccount",
            "merchantReference": "reference", "amount": {"value": 1000, "currency": "EUR"}, "eventCode": "CAPTURE", "success": "true"}
AUTH_ITEM = {"additionalData": {"authCode": "58747"}, "amount": {"currency": "EUR", "value": 1130}, "eventCode": "AUTHORISATION",
             "eventDate": "2024-01-01T01:00:00+01:00", "merchantAccountCode": "YOUR_MERCHANT_ACCOUNT",
             "merchantReference": "YOUR_REFERENCE", "operations": ["CANCEL", "CAPTURE", "REFUND"], "paymentMethod": "visa",
             "pspReference": "QFQTPCQ8HXSKGK82", "reason": "58747:1111:03/2030", "success": "true"}


def ref_adyen(inp):
    body = strict_json_fields(inp["body"]["utf8"])
    if not isinstance(body, dict) or not isinstance(body.get("notificationItems"), list) or not body["notificationItems"]:
        return fail("malformed_header")
    keys = secret_list(inp["secret"])
    worst = 0
    for wrapper in body["notificationItems"]:
        item = wrapper.get("NotificationRequestItem") if isinstance(wrapper, dict) else None
        if not isinstance(item, dict):
            return fail("malformed_header")
        extra = item.get("additionalData")
        sig = extra.get("hmacSignature") if isinstance(extra, dict) else None
        if sig is None or sig == "":
            return fail("missing_header")
        raw = b64_strict(sig) if isinstance(sig, str) else None
        if raw is None or len(raw) != 32:
            return fail("malformed_header")
        amount = item.get("amount")
        fields = [item.get(k) for k in ADYEN_FIELDS + ["eventCode", "success"]]
        if amount is not None:
            if not isinstance(amount, dict):
                return fail("malformed_header")
            fields += [amount.get("value"), amount.get("currency")]
        if any(isinstance(v, (dict, list)) for v in fields):
            return fail("malformed_header")
        msg = adyen_signed(item).encode()
        found = next((i for i, k in enumerate(keys) if hmac.compare_digest(mac("sha256", k, msg), raw)), None)
        if found is None:
            return fail("signature_mismatch")
        worst = max(worst, found)
    return ok(secretIndex=worst) if isinstance(inp["secret"], list) else ok()


def signed_adyen(inp, exp):
    item = json.loads(inp["body"]["utf8"])["notificationItems"][0]["NotificationRequestItem"]
    return b64mac("sha256", secret_list(inp["secret"])[0], adyen_signed(item).encode()), item["additionalData"]["hmacSignature"]


def build_adyen():
    vf = VectorFile("adyen", "verifyAdyenNotification", ref_adyen, signed_adyen, "secret")
    K, src = {"hex": ADYEN_KEY}, SRC_ADYEN_DOC
    assert adyen_signed(SDK_ITEM) == "pspReference:originalReference:merchantAccount:reference:1000:EUR:CAPTURE:true"
    sdk = adyen_item(SDK_ITEM, key=ADYEN_SDK_KEY)
    assert sdk["NotificationRequestItem"]["additionalData"]["hmacSignature"] == "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0="
    vf.valid("The SDK's test item (key DFB1EB54…, expected xhpHvYq2…) in a one-item notification.", SRC_ADYEN_SDK,
             {"body": {"utf8": adyen_body(sdk)}, "secret": {"hex": ADYEN_SDK_KEY}}, sign=True)
    vf.valid("The SDK's key given in lowercase hex.", SRC_ADYEN_SDK, {"body": {"utf8": adyen_body(sdk)}, "secret": {"hex": ADYEN_SDK_KEY.lower()}})
    auth = adyen_body(adyen_item(AUTH_ITEM))
    vf.valid("An AUTHORISATION item in the documented shape.", src, {"body": {"utf8": auth}, "secret": K}, sign=True)
    refund = dict(AUTH_ITEM, eventCode="REFUND", originalReference="QFQTPCQ8HXSKGK82", pspReference="LNJ3BGP7V7F7NP82")
    vf.valid("Two items, each signed: every one is checked.", src, {"body": {"utf8": adyen_body(adyen_item(AUTH_ITEM), adyen_item(refund))}, "secret": K})
    no_orig = {k: v for k, v in SDK_ITEM.items() if k != "originalReference"}
    vf.valid("A missing originalReference reads as empty.", src, {"body": {"utf8": adyen_body(adyen_item(no_orig))}, "secret": K})
    vf.valid("live as a boolean, pretty-printed.", src, {"body": {"utf8": json.dumps(json.loads(auth) | {"live": False}, indent=2)}, "secret": K})
    vf.valid("The second key of a rotation list matches.", src, {"body": {"utf8": auth}, "secret": [{"hex": ADYEN_SDK_KEY}, K]}, secretIndex=1)
    vf.invalid("The value changed after signing.", src, {"body": {"utf8": auth.replace('"value":1130', '"value":1')}, "secret": K}, "signature_mismatch")
    vf.invalid("The second of two items changed.", src,
               {"body": {"utf8": adyen_body(adyen_item(AUTH_ITEM), adyen_item(refund, tamper={"success": "false"}))}, "secret": K}, "signature_mismatch")
    vf.invalid("Another HMAC key.", src, {"body": {"utf8": adyen_body(sdk)}, "secret": K}, "signature_mismatch")
    vf.invalid("The key's hex text used as UTF-8 (a usual mistake).", src,
               {"body": {"utf8": adyen_body(adyen_item(AUTH_ITEM, sig=b64mac("sha256", ADYEN_KEY.encode(), adyen_signed(AUTH_ITEM).encode())))}, "secret": K}, "signature_mismatch")
    bare = dict(AUTH_ITEM, additionalData={"authCode": "58747"})
    vf.invalid("No hmacSignature.", src, {"body": {"utf8": adyen_body({"NotificationRequestItem": bare})}, "secret": K}, "missing_header")
    sig = json.loads(auth)["notificationItems"][0]["NotificationRequestItem"]["additionalData"]["hmacSignature"]
    vf.invalid("An hmacSignature in base64url.", src, {"body": {"utf8": auth.replace(sig, sig.replace("+", "-").replace("/", "_"))}, "secret": K}, "malformed_header") if ("+" in sig or "/" in sig) else None
    vf.invalid("An hmacSignature with its unused bits set.", src, {"body": {"utf8": auth.replace(sig, flip_unused_b64_bits(sig))}, "secret": K}, "malformed_header")
    vf.invalid("An hmacSignature cut short.", src, {"body": {"utf8": auth.replace(sig, sig[:40])}, "secret": K}, "malformed_header")
    vf.invalid("No notificationItems.", src, {"body": {"utf8": '{"live":"false","notificationItems":[]}'}, "secret": K}, "malformed_header")
    vf.invalid("value written 1130.0.", src, {"body": {"utf8": auth.replace('"value":1130', '"value":1130.0')}, "secret": K}, "malformed_header")
    vf.invalid("pspReference twice.", src, {"body": {"utf8": auth.replace('"pspReference":', '"pspReference":"X","pspReference":')}, "secret": K}, "malformed_header")
    vf.invalid("Not JSON.", src, {"body": {"utf8": auth[:-2]}, "secret": K}, "malformed_header")
    return vf


# ================================================================ main
FILES = [
    ("tikinow.json", build_tikinow),
    ("tiki-basic.json", build_basic),
    ("mobility-work.json", build_mw),
    ("hmac-base64.json", build_b64),
    ("hmac-hex.json", build_hex),
    # ---- shopify, woocommerce, sendcloud, mollie, haravan, sapo ----
    ("shopify.json", build_shopify),
    ("woocommerce.json", build_woocommerce),
    ("sendcloud.json", build_sendcloud),
    ("mollie.json", build_mollie),
    ("haravan.json", build_haravan),
    ("sapo.json", build_sapo),
    # ---- standard-webhooks, sepay, lazada, tiktok-shop, shopee ----
    ("standard-webhooks.json", build_sw),
    ("sepay.json", build_sepay),
    ("lazada.json", build_lazada),
    ("tiktok-shop.json", build_tiktok),
    ("shopee.json", build_shopee),
    # ---- payos, casso, zalopay ----
    ("payos.json", build_payos),
    ("casso.json", build_casso),
    ("zalopay.json", build_zalopay),
    ("vnpay.json", build_vnpay),
    ("momo.json", build_momo),
    ("adyen.json", build_adyen),
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
