# Independent computation of KeyMode.ENCRYPTED_PATHS stored keys (Python `cryptography`'s AES-SIV).
import hmac, hashlib
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
ALPHA = "bcdfghjkmnpqrstv"
INFO = b"\xff" + b"hipaa-s3/encrypted-paths/aes-siv/v1"
def derive(secret):
    out, prev, i = b"", b"", 1
    while len(out) < 64:
        prev = hmac.new(secret, prev + INFO + bytes([i]), hashlib.sha256).digest()
        out += prev; i += 1
    return out[:64]
def pad(b):
    for p in (16, 32, 64, 128, 256):
        if len(b) < p:
            return b + b"\x80" + b"\x00" * (p - len(b) - 1)
    raise ValueError("too long")
def stored(secret, version, prefix, key):
    siv = AESSIV(derive(secret))
    out = (prefix + "/" if prefix else "") + "e%d/" % version
    for i, seg in enumerate(key.split("/")):
        if i > 0: out += "/"
        if seg == "": continue
        ct = siv.encrypt(pad(seg.encode("utf-8")), [out.encode("ascii")])
        out += "".join(ALPHA[b >> 4] + ALPHA[b & 15] for b in ct)
    return out
secret = bytes(range(32))
cases = [(1, "", "lab-reports/2026/r1.json"), (1, "", "lab-reports/2026/"), (1, "", "a"),
         (1, "", "patients/123-45-6789/x-ray.png"), (1, "clinic", "imaging/ct/a.dcm"),
         (7, "", "/leading//double/"), (1, "", "sixteen-bytes-xx/\u00e9t\u00e9/\U0001F600")]
for v, p, k in cases:
    print("%d\t%s\t%s\t%s" % (v, p, k, stored(secret, v, p, k)))
