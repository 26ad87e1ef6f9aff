#!/usr/bin/env python3
"""Extracts the CQL2 abstract test suite's predicates and expected counts (OGC 21-065r2 Annex A)
into TSV files the tests read:
    python3 tests/cql2/extract-ats.py <ogcapi-features checkout>/cql2/standard
ats-predicates.tsv: conformance class, data source, predicate, expected number of items.
ats-combinations.tsv: p1..p4 and the expected count of the basic-cql2 logical test's template."""
import pathlib, re, sys

standard = pathlib.Path(sys.argv[1])
here = pathlib.Path(__file__).parent

def unescape(text):
    # AsciiDoc escapes '<' and '((' inside the tables' code spans.
    return text.replace("\\<", "<").replace("\\(", "(")

rows, combinations = [], []
for path in sorted(standard.glob("annex_ats_*.adoc")):
    conformance = path.stem.removeprefix("annex_ats_")
    for line in path.read_text(encoding="utf-8").splitlines():
        single = re.fullmatch(r"\|(ne_\w+) \|`(.+)` \|(\d+)", line.strip())
        if single:
            rows.append((conformance, single[1], unescape(single[2]), single[3]))
            continue
        four = re.fullmatch(r"\|`(.+)` \|`(.+)` \|`(.+)` \|`(.+)` \|(\d+)", line.strip())
        if four:
            combinations.append(tuple(unescape(p) for p in four.groups()[:4]) + (four[5],))

(here / "ats-predicates.tsv").write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
(here / "ats-combinations.tsv").write_text("".join("\t".join(r) + "\n" for r in combinations), encoding="utf-8")
print(f"{len(rows)} predicates, {len(combinations)} combinations")
