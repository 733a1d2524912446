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

from ..series import claims as claim_series
from ..series import trade as trade_series
from . import Chart, no_data, unique_sources

SUPPORTED, PARTLY, NOT, NO_DATA = claim_series.VERDICTS
VERDICTS = list(claim_series.VERDICTS)
VERDICT_COLOURS = {SUPPORTED: "#009E73", PARTLY: "#E69F00", NOT: "#D55E00", NO_DATA: "#999999"}
HATCHES = {SUPPORTED: "", PARTLY: "//", NOT: "xx", NO_DATA: ".."}
PLOTLY_PATTERNS = {SUPPORTED: "", PARTLY: "/", NOT: "x", NO_DATA: "."}
READING_MARKERS = {"Korea-reported": "o", "partner-reported": "^", "other": "s"}
VERDICT_TABLES = ["claims", "events", "trade", "diaspora", "partnerships"]
READING_TABLES = ["claims", "trade", "diaspora", "events", "partnerships"]


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _split(values) -> list[str]:
    return [s for v in values for s in str(v).split("; ") if s]


def _short_list(items, n=6):
    if not items:
        return "(none)"
    return "<br>".join(items[:n]) + (f"<br>… and {len(items) - n} more" if len(items) > n else "")


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
    fig = px.bar(counts, x="text", y="claims", color="verdict", barmode="stack",
                 category_orders={"text": text_order, "verdict": VERDICTS}, color_discrete_map=VERDICT_COLOURS,
                 custom_data=["verdict", "claim_list", "source_list"],
                 pattern_shape="verdict", pattern_shape_map=PLOTLY_PATTERNS,
                 title="Verdicts on the numeric claims of " + ", ".join(text_order))
    fig.update_traces(hovertemplate="<b>%{x}</b> · %{customdata[0]}: %{y} claims<br>%{customdata[1]}"
                                    "<br><i>sources:</i><br>%{customdata[2]}<extra></extra>")
    fig.update_layout(xaxis_title=None, yaxis_title="claims", legend_title_text="verdict")

    bars = counts.pivot(index="text", columns="verdict", values="claims").reindex(index=text_order[::-1],
                                                                                 columns=VERDICTS).fillna(0)
    figure, ax = style.figure("single", height=2.0)
    left = pd.Series(0.0, index=bars.index)
    for verdict in VERDICTS:
        ax.barh(bars.index, bars[verdict], left=left, color=VERDICT_COLOURS[verdict], hatch=HATCHES[verdict],
                edgecolor="white", linewidth=0.5, label=verdict)
        for y, (x0, n) in enumerate(zip(left, bars[verdict])):
            if n:
                style.on_mark(ax.text(x0 + n / 2, y, f"{n:.0f}", ha="center", va="center", fontsize=7,
                                      color="black", bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                                                           "edgecolor": "none", "alpha": 0.8}))
        left += bars[verdict]
    ax.set_xlabel("claims")
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.42, -0.36), handlelength=1.5, columnspacing=1.2)
    figure.subplots_adjust(left=0.3, right=0.96, top=0.95, bottom=0.47)
    return Chart(name="verdicts", interactive_name="verdicts-by-text", figure=figure, interactive=fig,
                 caption=f"Verdicts on the {len(table)} numeric claims of {_and(text_order)}, checked against "
                         "the project's tables from other sources.",
                 alt=f"Horizontal stacked bars, one per text ({_and(text_order)}), counting its numeric claims by "
                     "verdict: supported, partly supported, not supported, no data.",
                 tables=VERDICT_TABLES, sources=_split(table["source_id"]))


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
    fig = px.scatter(ratios, x="ratio", y="claim_id", color="verdict", symbol="reading", log_x=True,
                     category_orders={"claim_id": order[::-1], "verdict": VERDICTS},
                     color_discrete_map=VERDICT_COLOURS,
                     hover_data={"claim": True, "label": True, "claimed": True, "computed": True, "sources": True,
                                 "ratio": ":.3f", "reading": False, "claim_id": False},
                     title="Claimed vs computed: ratio computed ÷ claimed")
    fig.add_vline(x=1, line_color="#444444", line_dash="dot")
    fig.update_traces(marker={"size": 10, "line": {"width": 0.5, "color": "white"}})
    fig.update_layout(yaxis_title=None, xaxis_title="computed ÷ claimed (log scale)", height=620)

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
    ax.annotate(far_point["label"].split(" (")[0], (far_point["ratio"], y_pos[far_point["claim_id"]]),
                xytext=(0, -9), textcoords="offset points", ha="right", fontsize=7)
    ax.set_yticks(range(len(order)), order, fontsize=7)
    ax.set_xlabel("computed ÷ claimed (log scale)")
    handles = [plt.Line2D([], [], linestyle="", marker="s", color=VERDICT_COLOURS[v], label=v)
               for v in VERDICTS if v in set(ratios["verdict"])]
    handles += [plt.Line2D([], [], linestyle="", marker=m, color="#777777", label=r)
                for r, m in READING_MARKERS.items()]
    figure.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=style.SMALL_FONT,
                  handletextpad=0.2, columnspacing=1.0)
    figure.subplots_adjust(left=0.45, right=0.97, top=0.98, bottom=0.27)
    return Chart(name="claimed-vs-computed", figure=figure, interactive=fig,
                 caption="Computed value divided by the claimed value for each numeric claim of the three texts "
                         "examined; 1 is a match. "
                         "Circles: Korea-reported, triangles: partner-reported trade.",
                 tables=READING_TABLES,
                 sources=[s for s in _split(ratios["sources"]) if s.strip("()") != "none"])


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
                name=f"{names[country]}, {side}", legendgroup=names[country], connectgaps=False,
                line={"color": colours[country], "dash": "solid" if reporter == "KOR" else "dot"},
                marker={"symbol": "circle" if reporter == "KOR" else "triangle-up", "size": 6},
                customdata=rows["source_id"].tolist(),
                hovertemplate=f"<b>{names[country]}</b>, {side}<br>%{{x}}: USD %{{y:,.1f}} mn"
                              "<br>source: %{customdata}<extra></extra>"))
    fig.update_layout(title=f"Two-way trade as each side reports it, {years[0]}–{years[1]} (IMF DOTS, current USD)",
                      yaxis_title="exports + imports, USD million (log scale)", yaxis_type="log",
                      xaxis_title=None, legend_title_text="country, reporter")
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
