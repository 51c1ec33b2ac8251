"""Time to draw one chart, per kind, on inputs the size of a real report (no cache: every call draws).

A heatmap of 15 municipalities x 10 themes with document counts (the overview), bars of 15 values
(a theme page) and a timeline of 1,000 documents in 15 municipalities (a theme page).

    .venv/bin/python scripts/bench_charts.py [--repeat N]
"""
from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from pipeline.render import charts
from pipeline.themes import load_taxonomy

TOWNS = ["Appingedam", "Bergen op Zoom", "Capelle aan den IJssel", "Dijk en Waard", "Ede", "Hollands Kroon",
         "Krimpenerwaard", "Leiden", "Nieuwkoop", "Oost Gelre", "Súdwest-Fryslân", "Tytsjerksteradiel", "Velsen",
         "Zutphen", "Zwolle"]
TYPES = {"motie": "Motie", "amendement": "Amendement", "schriftelijke_vragen": "Schriftelijke vragen",
         "raadsvoorstel": "Raadsvoorstel", "raadsinformatiebrief": "Raadsinformatiebrief", "beleidsplan": "Beleidsplan"}


def inputs(seed: int = 7) -> dict:
    rng = random.Random(seed)
    themes = [th.label for th in load_taxonomy()][:10]
    shares = pd.DataFrame([[round(rng.random() * 0.4, 3) for _ in themes] for _ in TOWNS], index=TOWNS, columns=themes)
    counts = pd.DataFrame([[rng.randrange(0, 60) for _ in themes] for _ in TOWNS], index=TOWNS, columns=themes)
    values = {town: round(rng.uniform(20, 180), 1) for town in TOWNS}
    points = [(rng.choice(TOWNS), charts.decimal_year(f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}-"
                                                      f"{rng.randrange(1, 29):02d}"), rng.choice(list(TYPES)))
              for _ in range(1000)]
    return {
        "heatmap (15 x 10, with counts)": lambda: charts.heatmap(shares, counts, "Aandeel per thema", "Thema",
                                                                  "Gemeente", "% van de alinea's", "Heatmap"),
        "bars (15 values)": lambda: charts.bars(values, "Gemiddelde wachttijd", "Wachttijd (dagen)", "Gemeente",
                                                "Wachttijd per gemeente"),
        "timeline (1,000 points)": lambda: charts.timeline(points, TYPES, "Tijdlijn", "Jaar", "Gemeente",
                                                           "Documenten per jaar"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, draw in inputs().items():
        best = float("inf")
        for _ in range(args.repeat):
            charts._CACHE.clear()  # draw again, as in a new process
            started = time.process_time()
            svg = draw()
            best = min(best, time.process_time() - started)
        print(f"charts, {name}: {best * 1000:.1f} ms CPU time (best of {args.repeat}; {len(svg):,} bytes)")


if __name__ == "__main__":
    main()
