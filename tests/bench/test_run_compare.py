"""bench/run.py keeps the scale-10 table in a section of its own and compares it row by row with
the scale-1 table (p95, ratio, met or missed within 1.3×)."""

from bench import run

HEADER = [
    "| page | viewer | status | page cache | req/s | vs floor | p50 ms | p95 ms | p99 ms | errors |",
    "|---|---|---|---|---:|---:|---:|---:|---:|---:|",
]


def table(rows):
    return "\n".join(
        ["- date: today", "", *HEADER]
        + [
            f"| {page} (`{path}`) | {who} | 200 | - | 10 | 1% | 1.0 | {p95} | 9.9 | 0 |"
            for page, path, who, p95 in rows
        ]
        + ["", "Targets in this run:", "", "- zero errors: 0, met"]
    )


def test_scale_sections_and_comparison(tmp_path, monkeypatch):
    results = tmp_path / "RESULTS.md"
    monkeypatch.setattr(run, "RESULTS", results)
    results.write_text(
        f"# Benchmark results\n\n{run.MARKERS[0]}\n"
        + table([("home", "/", "member", 100.0), ("meeting page", "/sitzungen/a/sitzung-5/", "member", 80.0)])
        + f"\n{run.MARKERS[1]}\n\nFindings stay.\n"
    )
    assert run.write_comparison().startswith("No comparison")

    scale_10 = table(
        [("home", "/", "member", 120.0), ("meeting page", "/sitzungen/b/sitzung-50/", "member", 200.0)]
        + [("paper list", "/vorlagen/", "member", 50.0)]
    )
    text = run.replace_section(results.read_text(), run.markers("10"), scale_10, "## Results at scale 10")
    results.write_text(text)
    comparison = run.write_comparison()

    assert "| home | member | 100.0 | 120.0 | 1.20 | met |" in comparison
    # matched by page and viewer although the paths (ids) differ
    assert "| meeting page | member | 80.0 | 200.0 | 2.50 | **missed** |" in comparison
    assert "1 of 2 rows met" in comparison and "paper list (member)" in comparison
    text = results.read_text()
    assert text.index(run.MARKERS[1]) < text.index(run.markers("10")[0]) < text.index(run.COMPARISON_MARKERS[0])
    assert text.endswith("Findings stay.\n") and text.count("<!--") == 6

    # a new scale-10 run replaces its own section and the comparison, nothing else
    results.write_text(run.replace_section(text, run.markers("10"), scale_10.replace("200.0", "90.0"), "x"))
    run.write_comparison()
    text = results.read_text()
    assert "| meeting page | member | 80.0 | 90.0 | 1.12 | met |" in text and text.count("<!--") == 6
    assert run.section_rows(text, "1")[("home", "member")] == 100.0
