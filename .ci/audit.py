"""Lighthouse scores for every page of a site built from a clean copy of the sources.

    python .ci/audit.py [--lighthouse PATH] [--desktop] [--pages N | --page PATH ...] [--site DIR]
                        [--runs N]

Serves the site on 127.0.0.1, gzipping text as static hosts do (``--no-gzip``
to send it raw), and runs Lighthouse (npm ``lighthouse@12``, with Chromium at
/usr/bin/chromium; mobile preset unless ``--desktop``) on each page in turn
(``--runs N`` times, keeping the run of median performance);
prints the four category scores per page, the minimum of each, the audits
that cost points and, for a page below the performance goal, the metrics that
make its score (first and largest contentful paint, total blocking time, layout
shift, speed index) and the resources that held up its first paint.
Goal: performance >= 95, accessibility, best practices and SEO 100 everywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_sources, serve, site_pages  # noqa: F401

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index"]
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def build(work: Path) -> Path:
    project = copy_sources(work)
    site = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site


def lighthouse(binary: Path, url: str, out: Path, desktop: bool) -> dict:
    cmd = [
        str(binary),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    if desktop:
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if result.returncode != 0 or not out.exists():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text())


def median_run(reports: list[dict]) -> dict:
    """The report of median performance score among several runs of one page."""
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)
    return ranked[len(ranked) // 2]


def failing_audits(report: dict) -> list[str]:
    """Audits that lower a score, as 'category: audit id (score)'."""
    lost = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{cat}: {ref['id']} ({audit['score']:.2f})")
    return lost


def why_slow(report: dict) -> str:
    """The performance metrics of ``report`` (value and score) and its render-blocking files."""
    audits = report["audits"]
    parts = [f"{m}: {audits[m]['displayValue']} ({audits[m]['score']:.2f})"
             for m in METRICS if m in audits and audits[m]["score"] is not None]
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    parts += [f"blocks first paint: {i['url'].rsplit('/', 1)[-1]} ({i.get('wastedMs', 0):.0f} ms)"
              for i in blocking]
    lcp = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    for item in lcp[:1]:
        node = (item.get("items") or [item])[0].get("node", {})
        if node.get("snippet"):
            parts.append(f"LCP element: {node['snippet'][:80]}")
    return "\n    ".join(parts)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lighthouse",
        type=Path,
        default=ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse",
    )
    parser.add_argument("--desktop", action="store_true", help="desktop preset (default: mobile)")
    parser.add_argument("--pages", type=int, help="audit only the first N pages")
    parser.add_argument("--page", action="append", help="audit this page (a URL path such as "
                        "part1/loss/; repeat for more)")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building one")
    parser.add_argument("--no-gzip", action="store_true", help="serve text uncompressed")
    parser.add_argument("--runs", type=int, default=1, help="audit each page N times and keep "
                        "the run of median performance (Lighthouse varies from run to run)")
    args = parser.parse_args(argv)
    if not args.lighthouse.exists():
        sys.exit(f"no Lighthouse at {args.lighthouse}: run `make audit`, which installs it")

    work = Path(tempfile.mkdtemp(prefix="lab3-audit-"))
    try:
        site = args.site or build(work)
        pages = args.page or site_pages(site)[: args.pages]
        low = dict.fromkeys(CATEGORIES, 100)
        problems: dict[str, set[str]] = {}
        print(f"{'page':52s} " + " ".join(f"{c[:6]:>6s}" for c in CATEGORIES), flush=True)
        with serve(site, compress=not args.no_gzip) as (base, _):
            for page in pages:
                report = median_run([
                    lighthouse(args.lighthouse, base + page, work / "report.json", args.desktop)
                    for _ in range(max(1, args.runs))
                ])
                scores = {
                    c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES
                }
                for c in CATEGORIES:
                    low[c] = min(low[c], scores[c])
                for item in failing_audits(report):
                    problems.setdefault(item.split(" (")[0], set()).add(page or "/")
                print(
                    f"{(page or '/')[:52]:52s} " + " ".join(f"{scores[c]:6d}" for c in CATEGORIES),
                    flush=True,
                )
                if scores["performance"] < GOALS["performance"]:
                    print(f"    {why_slow(report)}", flush=True)
        print(f"{'minimum':52s} " + " ".join(f"{low[c]:6d}" for c in CATEGORIES))
        print(
            "goals met"
            if all(low[c] >= GOALS[c] for c in CATEGORIES)
            else "goals: performance >= 95, the others 100"
        )
        for audit, where in sorted(problems.items()):
            print(f"  {audit}: {len(where)} page(s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
