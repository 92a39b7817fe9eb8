"""The editor's report as one self-contained HTML page: charts drawn by matplotlib as SVG and
inlined, a table with a caption beside each chart, rendered from the Jinja2 template
`bot/templates/report.html`. No script, no stylesheet or font from elsewhere: the page opens
from disk with no network.

    write_page(report, folder) -> folder/index.html      (`report` from `bot.report.collect`)

Needs matplotlib (the SVG backend only, no display) and Jinja2, both installed with Rasa.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from matplotlib.figure import Figure

from bot.report import NOT_ANSWERED, Group, Pick, Report, Series, TopicRating, topic_label

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Okabe-Ito: told apart with any colour vision.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#8c8c8c"
HELPFUL, UNHELPFUL = "#009E73", "#D55E00"
STYLE = {
    "svg.fonttype": "none",  # text stays text: selectable, searchable, read by screen readers
    "svg.hashsalt": "report",  # the same data draws the same file
    "font.family": "DejaVu Sans",  # laid out with matplotlib's own font; the page falls back
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
}
MAX_BARS = 8


def _plain(text: str, width: int = 48) -> str:
    """A label matplotlib draws as written: no mathtext from '$', cut to `width`."""
    text = text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"
    return text.replace("$", r"\$")


def _svg(fig: Figure, ident: str, label: str) -> Markup:
    """The figure as an inline <svg>: ids prefixed so several charts share one page, sized by
    the page, announced as one image with `label`."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{ident}-\1"', svg)
    svg = svg.replace("url(#", f"url(#{ident}-").replace('href="#', f'href="#{ident}-')
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg", f'<svg class="chart" role="img" aria-label="{label}"', 1)
    return Markup(svg)


def _figure(height: float) -> Figure:
    return Figure(figsize=(6.4, height), layout="constrained")


def over_time_chart(series: Series) -> Markup:
    with matplotlib.rc_context(STYLE):
        fig = _figure(3.2)
        ax = fig.subplots()
        x = range(len(series.periods))
        bottom = [0] * len(series.periods)
        colours = iter(PALETTE)
        for name, counts in series.by_name.items():
            colour = GREY if name in (NOT_ANSWERED, "other topics") else next(colours)
            hatch = "//" if name == NOT_ANSWERED else None
            ax.bar(x, counts, bottom=bottom, label=_plain(name), color=colour, hatch=hatch)
            bottom = [b + c for b, c in zip(bottom, counts)]
        ax.set_xticks(list(x))
        pad = max(0, 5 - len(series.periods)) / 2  # a day or two: bars of a usual width
        ax.set_xlim(-0.6 - pad, len(series.periods) - 0.4 + pad)
        labels = [series.short(p) for p in series.periods]
        ax.set_xticklabels(labels, rotation=45 if len(labels) > 7 else 0, ha="right")
        ax.set_ylabel("questions")
        ax.set_title("Questions per " + ("week" if series.weekly else "day") + " and topic")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        return _svg(fig, "time", "Stacked bar chart of questions per topic over time")


def helpful_chart(ratings: list[TopicRating]) -> Markup:
    rows = ratings[:MAX_BARS][::-1]
    with matplotlib.rc_context(STYLE):
        fig = _figure(0.6 + 0.38 * len(rows))
        ax = fig.subplots()
        y = range(len(rows))
        shares = [r.share * 100 for r in rows]
        ax.barh(y, shares, color=HELPFUL, label="helpful")
        ax.barh(y, [100 - s for s in shares], left=shares, color=UNHELPFUL, label="not helpful")
        for i, r in enumerate(rows):
            ax.text(101, i, f"{r.share:.0%} of {r.rated}", va="center", fontsize=8)
        ax.set_yticks(list(y))
        ax.set_yticklabels([_plain(r.label, 28) for r in rows])
        ax.set_xlim(0, 118)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xlabel("% of ratings")
        ax.set_title("Helpful share per topic", pad=20)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, fontsize=8)
        return _svg(fig, "helpful", "Bar chart of the share of helpful ratings per topic")


def _barh(ident: str, title: str, labels: list[str], counts: list[int], colour: str) -> Markup:
    labels, counts = labels[:MAX_BARS][::-1], counts[:MAX_BARS][::-1]
    with matplotlib.rc_context(STYLE):
        fig = _figure(0.6 + 0.34 * len(labels))
        ax = fig.subplots()
        bars = ax.barh(range(len(labels)), counts, color=colour)
        ax.bar_label(bars, padding=3, fontsize=8)
        ax.set_yticks(list(range(len(labels))))
        ax.set_yticklabels([_plain(label) for label in labels])
        ax.set_xlim(0, max(counts) * 1.15 + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(title)
        return _svg(fig, ident, f"Bar chart: {title}")


def groups_chart(ident: str, title: str, groups: list[Group], colour: str) -> Markup:
    return _barh(ident, title, [g.example for g in groups], [g.count for g in groups], colour)


def picks_chart(picks: list[Pick]) -> Markup:
    return _barh(
        "picks",
        "\u201cDid you mean\u201d choices",
        [p.label for p in picks],
        [p.count for p in picks],
        PALETTE[0],
    )


def triage_chart(triage: list[tuple[str, int]]) -> Markup:
    return _barh(
        "triage",
        "Warning signs met, by kind",
        [sign for sign, _ in triage],
        [n for _, n in triage],
        PALETTE[3],
    )


CHARTS = ("over_time", "helpful", "unanswered", "unhelpful", "picks", "triage")


def charts(report: Report) -> dict[str, Markup | None]:
    """Each part's chart; None for a part with nothing to draw."""
    found: dict[str, Markup | None] = dict.fromkeys(CHARTS)
    if report.answered or report.unanswered:
        found["over_time"] = over_time_chart(report.over_time)
    if report.ratings:
        found["helpful"] = helpful_chart(report.ratings)
    if report.unanswered_groups:
        found["unanswered"] = groups_chart(
            "unanswered", "Most asked, not answered", report.unanswered_groups, GREY
        )
    if report.unhelpful_groups:
        found["unhelpful"] = groups_chart(
            "unhelpful", "Most often rated unhelpful", report.unhelpful_groups, UNHELPFUL
        )
    if report.picks:
        found["picks"] = picks_chart(report.picks)
    if report.triage:
        found["triage"] = triage_chart(report.triage)
    return found


def render_page(report: Report) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html").render(
        report=report, charts=charts(report), topic_label=topic_label
    )


def write_page(report: Report, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.html"
    path.write_text(render_page(report), encoding="utf-8")
    return path
