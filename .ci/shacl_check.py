#!/usr/bin/env python3
"""Validate EDC credentials against the EDC SHACL shapes with pyshacl, fully offline.

Usage: shacl_check.py [--expect-nonconformant] FILE...

Each FILE is a credential (JSON-LD) or a JAdES-sealed EDC file (its `payload` is validated).
The two `@context` URLs of the `edc` envelope are replaced by the bundled context documents
(crates/microcred-model/contexts), the shapes are EDC-generic-full + EDC-generic-no-cv loaded
into one graph (pyshacl does not resolve owl:imports offline), and inference is 'none', as the
EDC platform validates. Exit status 0 when every file gives the expected verdict.
"""
import json
import pathlib
import sys

from pyshacl import validate
from rdflib import Graph

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODEL = ROOT / "crates" / "microcred-model"
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": MODEL / "contexts" / "credentials-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": MODEL / "contexts" / "edc-ap.jsonld",
}
SHAPES = [MODEL / "tests" / "vectors" / "shacl" / name for name in ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl")]


def inline_contexts(doc, path):
    ctx = doc.get("@context")
    entries = ctx if isinstance(ctx, list) else [ctx]
    inlined = []
    for entry in entries:
        if isinstance(entry, str):
            if entry not in CONTEXTS:
                raise SystemExit(f"{path}: context {entry} is not bundled; the edc envelope is required for SHACL")
            inlined.append(json.loads(CONTEXTS[entry].read_text(encoding="utf-8"))["@context"])
        else:
            inlined.append(entry)
    doc["@context"] = inlined
    return doc


def main(argv):
    expect_conformant = True
    files = []
    for arg in argv:
        if arg == "--expect-nonconformant":
            expect_conformant = False
        else:
            files.append(pathlib.Path(arg))
    if not files:
        raise SystemExit(__doc__)
    shapes = Graph()
    for shape in SHAPES:
        shapes.parse(shape, format="turtle")
    failures = 0
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc.get("payload"), str) and "signatures" in doc:
            doc = json.loads(doc["payload"])
        data = Graph()
        data.parse(data=json.dumps(inline_contexts(doc, path)), format="json-ld")
        conforms, _, text = validate(data, shacl_graph=shapes, inference="none", advanced=False)
        ok = conforms == expect_conformant
        verdict = "conforms" if conforms else "does NOT conform"
        print(f"{'ok  ' if ok else 'FAIL'} {path.name}: {verdict} ({len(data)} triples)")
        if not conforms and expect_conformant:
            print(text)
        failures += 0 if ok else 1
    print(f"shacl: {len(files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
