"""Cross-check helper (not run by `cargo test`): canonicalize JSON-LD documents with pyld
(an independent implementation, https://pypi.org/project/PyLD/) using only the bundled
contexts of this crate, and print the RDFC-1.0 (URDNA2015) canonical N-Quads.

Usage (in a virtualenv with `pip install pyld`):
    python tests/support/pyld_canon.py tests/vectors/elm/Sample-MC-Annex1-unsigned.jsonld > out.nq
"""
import json
import pathlib
import sys

from pyld import jsonld

CRATE = pathlib.Path(__file__).resolve().parents[2]
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "bitstring-status-list-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-2020-v1.jsonld",
    "https://w3id.org/citizenship/v4rc1": "citizenship-v4rc1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-context-2.0.1.json",
    "http://data.europa.eu/snb/model/context/edc-ap": "edc-ap.jsonld",
}


def loader(url, options=None):
    name = CONTEXTS.get(url)
    if name is None:
        raise jsonld.JsonLdError("unknown context", "jsonld.LoadDocumentError", {"url": url})
    doc = json.loads((CRATE / "contexts" / name).read_text(encoding="utf-8"))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": doc}


def main():
    doc = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = jsonld.normalize(
        doc,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader, "safe": True},
    )
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
