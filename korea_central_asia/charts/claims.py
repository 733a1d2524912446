"""Charts of the claims check: verdicts per text, every computed reading against its claim, and the trade figures
behind Kwak's trade claims for any countries and years.

    from korea_central_asia.charts import claims as claim_charts
    from korea_central_asia.series import claims
    claim_charts.verdicts(claims.verdicts())            # stacked bars: claims per text and verdict
    claim_charts.claimed_vs_computed(claims.readings()) # computed ÷ claimed, log scale
    claim_charts.trade_both_reporters(["KGZ", "TJK"], (2000, 2015))
"""
from __future__ import annotations

import pandas as pd

from ..i18n import english_words, proper_names, tr, tr_html
from ..series import claims as claim_series
from ..series import trade as trade_series
from . import Chart, chart, no_data, unique_sources

SUPPORTED, PARTLY, NOT, NO_DATA = claim_series.VERDICTS
VERDICTS = list(claim_series.VERDICTS)
VERDICT_COLOURS = {SUPPORTED: "#009E73", PARTLY: "#E69F00", NOT: "#D55E00", NO_DATA: "#999999"}
HATCHES = {SUPPORTED: "", PARTLY: "//", NOT: "xx", NO_DATA: ".."}
PLOTLY_PATTERNS = {SUPPORTED: "", PARTLY: "/", NOT: "x", NO_DATA: "."}
READING_MARKERS = {"Korea-reported": "o", "partner-reported": "^", "other": "s"}
VERDICT_TABLES = ["claims", "events", "trade", "diaspora", "partnerships"]
READING_TABLES = ["claims", "trade", "diaspora", "events", "partnerships"]
SIDE_NAMES = {"Korea-reported": "{country}, Korea-reported", "partner-reported": "{country}, partner-reported"}


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else tr("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])


def _verdict(verdict: str) -> str:
    """A verdict (supported, partly supported, not supported, no data) in the figures' language."""
    return tr(verdict)


def _reading(label: str) -> str:
    """A reading's kind as the legend names it: Korea-reported, partner-reported or other."""
    return tr(label)


def _split(values) -> list[str]:
    return [s for v in values for s in str(v).split("; ") if s]


def _short_list(items, n=6):
    if not items:
        return tr("(none)")
    return "<br>".join(items[:n]) + ("<br>" + tr("… and {n} more", n=len(items) - n) if len(items) > n else "")


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Claims per text and verdict, with the claim ids and the sources of each group (for hover text).

        verdict_counts(claims.verdicts())
    """
    frame = table.rename(columns={"source_id": "sources"})
    counts = (frame.groupby(["text", "verdict"])
              .agg(claims=("claim_id", "size"), claim_list=("claim_id", "<br>".join),
                   sources=("sources", lambda s: "; ".join(sorted({x for v in s for x in v.split("; ") if x}))))
              .reset_index())
    counts["source_list"] = counts["sources"].map(lambda s: _short_list(s.split("; ") if s else []))
    return counts


@chart
def verdicts(table: pd.DataFrame | None = None) -> Chart:
    """Claims per text, stacked by verdict: interactive bars (hover lists the claims and their sources) and the
    print figure (horizontal bars, hatched per verdict, counts on the bars).

        verdicts(claims.verdicts())
    """
    import plotly.express as px

    from .. import style

    table = claim_series.verdicts() if table is None else table
    if table.empty:
        return no_data("verdicts", "claim verdicts")
    # Each text by author and year from sources.csv, in the order the texts first appear.
    cited = {label: style.cite(text_id) for label, text_id in zip(table["text"], table["text_id"])}
    text_order = [cited[label] for label in dict.fromkeys(table["text"])]
    counts = verdict_counts(table.assign(text=table["text"].map(cited)))
    words = {v: _verdict(v) for v in VERDICTS}  # the verdicts as the legend and the hover name them
    fig = px.bar(counts.assign(verdict=counts["verdict"].map(words)), x="text", y="claims", color="verdict",
                 barmode="stack", category_orders={"text": text_order, "verdict": list(words.values())},
                 color_discrete_map={words[v]: c for v, c in VERDICT_COLOURS.items()},
                 custom_data=["verdict", "claim_list", "source_list"],
                 pattern_shape="verdict", pattern_shape_map={words[v]: p for v, p in PLOTLY_PATTERNS.items()},
                 title=tr("Verdicts on the numeric claims of {texts}", texts=", ".join(text_order)))
    fig.update_traces(hovertemplate=tr_html("{name} · %{customdata[0]}: %{y} claims\n%{customdata[1]}\n{sources}\n"
                                            "%{customdata[2]}", name="<b>%{x}</b>",
                                            sources="<i>" + tr("sources:") + "</i>") + "<extra></extra>")
    fig.update_layout(xaxis_title=None, yaxis_title=tr("claims"), legend_title_text=tr("verdict"))

    bars = counts.pivot(index="text", columns="verdict", values="claims").reindex(index=text_order[::-1],
                                                                                 columns=VERDICTS).fillna(0)
    figure, ax = style.figure("single", height=2.0)
    left = pd.Series(0.0, index=bars.index)
    for verdict in VERDICTS:
        ax.barh(bars.index, bars[verdict], left=left, color=VERDICT_COLOURS[verdict], hatch=HATCHES[verdict],
                edgecolor="white", linewidth=0.5, label=words[verdict])
        for y, (x0, n) in enumerate(zip(left, bars[verdict])):
            if n:
                style.on_mark(ax.text(x0 + n / 2, y, f"{n:.0f}", ha="center", va="center", fontsize=7,
                                      color="black", bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                                                           "edgecolor": "none", "alpha": 0.8}))
        left += bars[verdict]
    ax.set_xlabel(tr("claims"))
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.42, -0.36), handlelength=1.5, columnspacing=1.2)
    figure.subplots_adjust(left=0.3, right=0.96, top=0.95, bottom=0.47)
    return Chart(name="verdicts", interactive_name="verdicts-by-text", figure=figure, interactive=fig,
                 caption=tr("Verdicts on the {n} numeric claims of {texts}, checked against the project's tables "
                            "from other sources.", n=len(table), texts=_and(text_order)),
                 alt=tr("Horizontal stacked bars, one per text ({texts}), counting its numeric claims by verdict: "
                        "supported, partly supported, not supported, no data.", texts=_and(text_order)),
                 tables=VERDICT_TABLES, sources=_split(table["source_id"]))


@chart
def claimed_vs_computed(readings: pd.DataFrame | None = None) -> Chart:
    """Computed ÷ claimed for every reading on a log axis (1 is a match), coloured by verdict, one marker per
    reading (Korea-reported, partner-reported, other).

        claimed_vs_computed(claims.readings())
    """
    import matplotlib.pyplot as plt
    import plotly.express as px

    from .. import style

    readings = claim_series.readings() if readings is None else readings
    if readings.empty:
        return no_data("claimed-vs-computed", "computed readings")
    ratios = pd.DataFrame({
        "claim_id": readings["claim_id"], "claim": readings["claim"],
        "label": readings["label"], "computed": readings["computed"], "claimed": readings["claimed"],
        "ratio": readings["ratio"], "verdict": readings["verdict"],
        "sources": readings["source_id"].where(readings["source_id"] != "", "(none)")})
    ratios["reading"] = ratios["label"].map(lambda s: s if s in ("Korea-reported", "partner-reported") else "other")
    order = ratios.groupby("claim_id", sort=False)["ratio"].max().sort_values().index.tolist()
    # plotly express names the hover fields and the legend after the columns: the columns in the figures' language
    # (claim ids stay ids; the readings' labels and values are the table's)
    col = {c: tr(c) for c in ("claim", "label", "computed", "claimed", "ratio", "verdict", "sources", "reading")}
    words = {v: _verdict(v) for v in VERDICTS}
    shown = ratios.assign(verdict=ratios["verdict"].map(words), reading=ratios["reading"].map(_reading)).rename(
        columns=col)
    fig = px.scatter(shown, x=col["ratio"], y="claim_id", color=col["verdict"], symbol=col["reading"], log_x=True,
                     category_orders={"claim_id": order[::-1], col["verdict"]: list(words.values())},
                     color_discrete_map={words[v]: c for v, c in VERDICT_COLOURS.items()},
                     hover_data={col["claim"]: True, col["label"]: True, col["claimed"]: True,
                                 col["computed"]: True, col["sources"]: True, col["ratio"]: ":.3f",
                                 col["reading"]: False, "claim_id": False},
                     title=tr("Claimed vs computed: ratio computed ÷ claimed"))
    fig.add_vline(x=1, line_color="#444444", line_dash="dot")
    fig.update_traces(marker={"size": 10, "line": {"width": 0.5, "color": "white"}})
    fig.update_layout(yaxis_title=None, xaxis_title=tr("computed ÷ claimed (log scale)"), height=620)

    y_pos = {c: i for i, c in enumerate(order)}
    figure, ax = style.figure("single", height=3.6)
    for (verdict, reading), group in ratios.groupby(["verdict", "reading"]):
        ax.scatter(group["ratio"], group["claim_id"].map(y_pos), color=VERDICT_COLOURS[verdict],
                   marker=READING_MARKERS[reading], s=16, edgecolor="black", linewidth=0.3, zorder=3)
    ax.axvline(1, color="#444444", linestyle=":", linewidth=0.8)
    ax.set_xscale("log")
    ticks = [t for t in (0.5, 1, 2, 5, 10, 20, 50)
             if ratios["ratio"].min() / 1.2 <= t <= ratios["ratio"].max() * 1.2]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    far_point = ratios.loc[ratios["ratio"].idxmax()]
    far_label = far_point["label"].split(" (")[0]  # a reading's words, or a source id (the same in any language)
    ax.annotate(tr(far_label) if english_words(far_label) else far_label, (far_point["ratio"], y_pos[far_point["claim_id"]]),
                xytext=(0, -9), textcoords="offset points", ha="right", fontsize=7)
    ax.set_yticks(range(len(order)), order, fontsize=7)
    for label in ax.get_yticklabels():
        proper_names(label)  # claim ids are identifiers, the same in every language
    ax.set_xlabel(tr("computed ÷ claimed (log scale)"))
    colours = [plt.Line2D([], [], linestyle="", marker="s", color=VERDICT_COLOURS[v], label=words[v])
               for v in VERDICTS if v in set(ratios["verdict"])]
    markers = [plt.Line2D([], [], linestyle="", marker=m, color="#777777", label=_reading(r))
               for r, m in READING_MARKERS.items()]
    legend = dict(loc="lower center", bbox_to_anchor=(0.5, 0.0), fontsize=style.SMALL_FONT, handletextpad=0.2,
                  columnspacing=1.0)
    key = figure.legend(handles=colours + markers, ncol=3, **legend)
    if key.get_window_extent(figure.canvas.get_renderer()).width > figure.bbox.width:
        # longer words (Russian) than three columns hold: the markers in one column, the verdicts in the other
        key.remove()
        rows = max(len(colours), len(markers))
        blank = plt.Line2D([], [], linestyle="", label=" ")
        figure.legend(handles=markers + [blank] * (rows - len(markers)) + colours + [blank] * (rows - len(colours)),
                      ncol=2, **legend)
    figure.subplots_adjust(left=0.45, right=0.97, top=0.98, bottom=0.27)
    return Chart(name="claimed-vs-computed", figure=figure, interactive=fig,
                 caption=tr("Computed value divided by the claimed value for each numeric claim of the three "
                            "texts examined; 1 is a match. Circles: Korea-reported, triangles: partner-reported "
                            "trade."),
                 tables=READING_TABLES,
                 sources=[s for s in _split(ratios["sources"]) if s.strip("()") != "none"])


@chart
def trade_both_reporters(countries=None, years=None) -> Chart:
    """Two-way trade (exports + imports, current USD, IMF DOTS) per country as Korea reports it and as the partner
    reports it: the two readings every trade claim is checked on. Interactive only; a year without both flows of
    a reporter is a gap in its line.

        trade_both_reporters(["KAZ", "UZB"], (2000, 2020))
    """
    import plotly.graph_objects as go

    from .. import style
    from ..series import check_countries, check_years

    countries, years = check_countries(countries), check_years(years)
    frame = trade_series.totals(countries, years, "both")
    if frame["total"].isna().all():
        return no_data("trade-both-reporters", "IMF DOTS trade totals", countries, years)
    names, colours = style.country_labels(), style.country_colours()
    fig = go.Figure()
    for country in countries:
        for reporter, side in claim_series.READERS:
            code = "KOR" if reporter == "KOR" else country
            rows = frame[(frame["country_iso3"] == country) & (frame["reporter_iso3"] == code)]
            fig.add_trace(go.Scatter(
                x=rows["year"].tolist(), y=(rows["total"] / 1e6).round(1).tolist(), mode="lines+markers",
                name=tr(SIDE_NAMES[side], country=names[country]), legendgroup=names[country], connectgaps=False,
                line={"color": colours[country], "dash": "solid" if reporter == "KOR" else "dot"},
                marker={"symbol": "circle" if reporter == "KOR" else "triangle-up", "size": 6},
                customdata=rows["source_id"].tolist(),
                hovertemplate=tr_html("{line}\n%{x}: USD %{y:,.1f} mn\nsource: %{customdata}",
                                      line=tr(SIDE_NAMES[side], country=f"<b>{names[country]}</b>"))
                + "<extra></extra>"))
    fig.update_layout(title=tr("Two-way trade as each side reports it, {first}–{last} (IMF DOTS, current USD)",
                               first=years[0], last=years[1]),
                      yaxis_title=tr("exports + imports, USD million (log scale)"), yaxis_type="log",
                      xaxis_title=None, legend_title_text=tr("country, reporter"))
    return Chart(name="trade-both-reporters", interactive=fig, tables=["trade"],
                 sources=unique_sources(frame.loc[frame["total"].notna(), "source_id"]))


def styled(table: pd.DataFrame, columns):
    """The verdict table as a pandas Styler: the verdict cell in its colour, text left-aligned and small.

        styled(claims.verdicts(), ["claim_id", "claim", "verdict"])
    """
    frame = table.rename(columns={"source_id": "sources"})[list(columns)]
    styler = frame.style
    if "verdict" in frame:
        styler = styler.map(lambda v: f"background-color: {VERDICT_COLOURS[v]}; color: white; font-weight: bold",
                            subset=["verdict"])
    return styler.set_properties(**{"text-align": "left", "font-size": "85%"}).hide(axis="index")
