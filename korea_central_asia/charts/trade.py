"""Charts of Korea's trade with each partner, from the series in `korea_central_asia.series.trade`.

    from korea_central_asia.charts import trade as trade_charts
    chart = trade_charts.balance(countries=["KAZ", "UZB"], years=(2000, 2020))
    chart.figure        # the print figure (matplotlib)
    chart.interactive   # the interactive figure (plotly), drawn from the same frames

Every function takes `countries` (ISO3 codes; default the five republics and Afghanistan) and `years` (first, last,
both included; default 1992–2024) and returns a `Chart`. Lines end where the IMF DOTS series ends; a gap in a series
stays a gap. Charts of the republics as a group (shares, growth multiples) use the republics among `countries`.
A selection with nothing to draw returns a Chart whose `no_data` says so. Values are in current US dollars.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import style
from ..i18n import language, number, tr, tr_html
from ..series import FIVE, check_countries, check_years, trade
from . import Chart, chart, grid_shape, no_data, unique_sources

MILLION = 1e6
EMPTY_YEAR = "#EEEEEE"  # a pale box, not a hatch: hatches belong to the countries
CLIP_MILLION = 0.01  # the print lines' log axis starts here: USD 10,000 a year
REPORTERS = ("KOR", "partner")
VIEWS = {"total": "Exports + imports", "exports": "Korea's exports", "imports": "Korea's imports"}
# The words the charts use for which side counted a figure from another source, and its hollow marker.
SIDE_WORDS = {"Korea-reported": "Korean side", "partner-reported": "partner side", "side not stated": "side not stated"}
SYMBOLS = {"Korean side": "diamond-open", "partner side": "square-open", "side not stated": "circle-open"}
SIDE_MARKERS = {"Korean side": "D", "partner side": "s", "side not stated": "o"}


def _short(text, n=90):
    text = "" if pd.isna(text) else str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _usd(value):
    return tr("no figure") if pd.isna(value) else tr("{value} million current USD", value=number(value / MILLION, 1))


def _decimal(value, decimals: int) -> str:
    """f"{value:.{decimals}f}" (no thousands separator), with a decimal comma in Russian."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language() == "ru" else text


def _g(value) -> str:
    """f"{value:,g}" in the figure's language: 0.01, 1,000 (Russian 0,01, 1 000)."""
    text = f"{value:,g}"
    return text.replace(",", "\u00a0").replace(".", ",") if language() == "ru" else text


QUALIFIERS = ("exact", "about", "more_than", "nearly", "less_than", "up_to", "at_least")


def _qualifier(code) -> str:
    """A trade row's qualifier code in a hover: the code itself in English (as before), a word in Korean/Russian."""
    code = str(code)
    return tr(code) if code in QUALIFIERS else code


def _cite(source_id: str) -> str:
    """`style.cite`: an author-year citation reads the same in every figure language (Kwak (2021)), as in the
    credit line and the reference list, so a reader finds the text it names."""
    return style.cite(source_id)


def _setup(countries, years, data):
    """Checked countries and years, the trade table, and each partner's DOTS flows by reporter (`trade.wide`)."""
    countries = check_countries(countries)
    first, last = check_years(years)
    rows = data  # None: each series loads (and caches) the trade table itself
    wide = {(c, r): trade.wide(c, r, (first, last), data=rows) for c in countries for r in REPORTERS}
    return countries, first, last, rows, wide


def _other(countries, years, rows) -> pd.DataFrame:
    """Full-year figures from other sources, with the side in the charts' words."""
    other = trade.annual(countries, years, "any", source="other", data=rows)
    return other.assign(side=other["side"].map(SIDE_WORDS))


def _has_dots(wide) -> bool:
    return any(w[["exports", "imports"]].notna().any().any() for w in wide.values())


def _for_group(republics, five: str, shown: str, **values) -> str:
    """`five` (a text naming "the five") when `republics` are all five, else `shown` ("the republics shown"), in the
    figure's language: whole sentences, because Korean and Russian decline the group's name by its place."""
    return tr(five if set(republics) == set(FIVE) else shown, **values)


def _grid(count: int, height: float, top: float, bottom: float, legend_y: float | None = None):
    """Rows, columns, figure height and the top, bottom and legend positions for `count` panels: the two-row grid
    as designed, other numbers of rows with the same margins in inches and the same height per row."""
    rows, cols = grid_shape(count)
    if rows == 2:
        return rows, cols, height, top, bottom, legend_y
    top_in, bottom_in = (1 - top) * height, bottom * height
    new_height = top_in + bottom_in + (height - top_in - bottom_in) / 2 * rows
    legend = None if legend_y is None else legend_y * height / new_height
    return rows, cols, new_height, 1 - top_in / new_height, bottom_in / new_height, legend


def _hide_spare(axes, count: int) -> None:
    """Hide grid cells without a country, and show x tick labels on the panel above each hidden one."""
    flat = axes.flat
    for index in range(count, axes.size):
        flat[index].set_visible(False)
        above = index - axes.shape[1]
        if above >= 0:
            flat[above].xaxis.set_tick_params(labelbottom=True)


def _other_custom(stated) -> np.ndarray:
    """Hover data of other sources' figures: source id, side, qualifier, the row's note (as the table has it)."""
    return np.column_stack([stated["source_id"], [tr(s) for s in stated["side"]],
                            [_qualifier(q) for q in stated["qualifier"]], stated["notes"].map(_short)])


def _not_imf_hover(country: str) -> str:
    # The qualifier field is written with doubled braces, so plotly shows it literally; kept as drawn so the
    # English figures stay byte-identical (reported for a later fix).
    return tr_html("{country}, not IMF\n%{x}: %{y:,.2f} million current USD (%{customdata[2]})\n"
                   "%{customdata[1]}\nsource: %{customdata[0]}\n%{customdata[3]}", country=country) \
        + "<extra></extra>"


# --- trade by country: the interactive lines and the print exports/imports panels ------------------------------

@chart
def lines_by_country(countries=None, years=None, data=None) -> Chart:
    """Exports, imports and their total per partner as Korea and as the partner report them (IMF DOTS lines, with
    gaps), other sources' full-year figures as hollow markers; the print figure keeps to Korea's own exports (a)
    and imports (b) on a log scale. With all five republics selected, the interactive chart adds their sum and the
    sources' stated totals for the five (CA5).

        lines_by_country(["KAZ", "UZB"], (2000, 2020))
    """
    countries, first, last, rows, wide = _setup(countries, years, data)
    group = set(FIVE) <= set(countries)
    other = _other(countries + (["CA5"] if group else []), (first, last), rows)
    if not _has_dots(wide) and not len(other):
        return no_data("lines-by-country", "trade", countries, (first, last))
    interactive = _lines_interactive(countries, first, last, rows, wide, other, group)
    figure, sources = _lines_print(countries, first, last, rows, wide, other)
    return Chart(name="lines-by-country", figure=figure, interactive=interactive, width="double", tables=["trade"],
                 sources=sources,
                 caption=tr("Korea's exports to and imports from each Central Asian republic and Afghanistan, full "
                            "years, in current US dollars; Korea-reported IMF DOTS lines (gaps are missing years) and "
                            "other-source figures as hollow markers."))


def _lines_interactive(countries, first, last, rows, wide, other, group):
    names, colours = style.country_labels(), style.country_colours()
    years = pd.RangeIndex(first, last + 1, name="year")
    fig = go.Figure()
    trace_view = []
    for view, view_label in VIEWS.items():
        for c in countries:
            for reporter in REPORTERS:
                w = wide[(c, reporter)]
                side, source = trade.dots_source(c, reporter)
                if reporter == "KOR":
                    name = tr("{country}, Korea-reported", country=names[c])
                    hover = tr_html("{country}, Korea-reported\n%{x}: %{y:,.2f} million current USD\n"
                                    "source: %{customdata[0]}%{customdata[1]}", country=f"<b>{names[c]}</b>")
                else:
                    name = tr("{country}, reported by {partner}", country=names[c], partner=names[c])
                    hover = tr_html("{country}, reported by {partner}\n%{x}: %{y:,.2f} million current USD\n"
                                    "source: %{customdata[0]}%{customdata[1]}", country=f"<b>{names[c]}</b>",
                                    partner=names[c])
                custom = np.column_stack([np.repeat(source, len(w)),
                                          np.where(w[f"est_{view}"], " " + tr("(IMF estimate)"), "")])
                fig.add_trace(go.Scatter(
                    x=list(years), y=w[view] / MILLION, mode="lines+markers", name=name,
                    legendgroup=c, line={"color": colours[c], "dash": "solid" if reporter == "KOR" else "dot",
                                         "width": 2 if reporter == "KOR" else 1.5},
                    marker={"size": 5 if reporter == "KOR" else 3, "symbol": style.plotly_cues(c)["symbol"]},
                    customdata=custom, connectgaps=False, hovertemplate=hover + "<extra></extra>"))
                trace_view.append(view)
            stated = other[(other["country_iso3"] == c) & (other["flow"] == view)]
            if len(stated):
                fig.add_trace(go.Scatter(
                    x=stated["year"], y=stated["value_usd"] / MILLION, mode="markers",
                    name=tr("{country}, other sources", country=names[c]), legendgroup=c,
                    marker={"color": colours[c], "size": 10, "line": {"width": 2},
                            "symbol": [SYMBOLS[s] for s in stated["side"]]},
                    customdata=_other_custom(stated), hovertemplate=_not_imf_hover(f"<b>{names[c]}</b>")))
                trace_view.append(view)
        if view == "total" and group:
            five_total = trade.group_total(list(FIVE), (first, last), "KOR", data=rows).set_index("year")["total"]
            fig.add_trace(go.Scatter(
                x=list(years), y=five_total / MILLION, mode="lines+markers",
                name=tr("Five republics, Korea-reported (sum)"), legendgroup="CA5",
                line={"color": colours["CA5"], "width": 1}, marker={"size": 3},
                hovertemplate=tr_html("{group}, Korea-reported sum\n%{x}: %{y:,.2f} million current USD\n"
                                      "source: imf-dots-kor", group=f"<b>{tr('Five republics')}</b>")
                + "<extra></extra>"))
            trace_view.append(view)
            stated = other[other["country_iso3"] == "CA5"]
            if len(stated):
                fig.add_trace(go.Scatter(
                    x=stated["year"], y=stated["value_usd"] / MILLION, mode="markers",
                    name=tr("Five republics, other sources"), legendgroup="CA5",
                    marker={"color": colours["CA5"], "size": 11, "symbol": "star-open", "line": {"width": 2}},
                    customdata=_other_custom(stated),
                    hovertemplate=tr_html("{group}, not IMF\n%{x}: %{y:,.2f} million current USD (%{customdata[2]})\n"
                                          "%{customdata[1]}\nsource: %{customdata[0]}\n%{customdata[3]}",
                                          group=f"<b>{tr('Five republics')}</b>") + "<extra></extra>"))
                trace_view.append(view)

    for trace, view in zip(fig.data, trace_view):
        trace.visible = view == "total"

    fig.update_layout(
        title={"text": tr("Korea's merchandise trade with Central Asia and Afghanistan (current USD million)"),
               "x": 0, "y": 0.98},
        height=680, hovermode="closest",
        xaxis={"title": tr("Year"), "range": [first - 0.5, last + 0.5], "dtick": 2,
               "rangeslider": {"visible": True, "thickness": 0.07}},
        yaxis={"title": tr("{view}, million current USD", view=tr(VIEWS["total"])), "type": "log"},
        legend={"font": {"size": 10}, "groupclick": "togglegroup"},
        margin={"t": 110},
        updatemenus=[
            {"type": "buttons", "direction": "right", "x": 0, "xanchor": "left", "y": 1.1, "yanchor": "bottom",
             "active": 0, "showactive": True,
             "buttons": [{"label": tr(label), "method": "update",
                          "args": [{"visible": [v == view for v in trace_view]},
                                   {"yaxis.title.text": tr("{view}, million current USD", view=tr(label))}]}
                         for view, label in VIEWS.items()]},
            {"type": "buttons", "direction": "right", "x": 1, "xanchor": "right", "y": 1.1, "yanchor": "bottom",
             "active": 1, "showactive": True,
             "buttons": [{"label": tr("Linear scale"), "method": "relayout", "args": [{"yaxis.type": "linear"}]},
                         {"label": tr("Log scale"), "method": "relayout", "args": [{"yaxis.type": "log"}]}]},
        ])
    return fig


def _lines_print(countries, first, last, rows, wide, other):
    years = pd.RangeIndex(first, last + 1, name="year")
    fig, axes = style.figure("double", height=3.3, ncols=2, sharey=True)
    # One tiny cell (a few hundred dollars) once stretched the log axis over seven decades: the axis now starts at
    # CLIP_MILLION and a value below it is marked at the edge with its value (the data CSV keeps it as it is).
    below = []
    for ax, flow, (letter, title) in zip(axes, ("exports", "imports"),
                                         (("a", tr("Korea's exports to the partner")),
                                          ("b", tr("Korea's imports from the partner")))):
        for c in countries:
            kw = style.line_kwargs(c)
            values = wide[(c, "KOR")][flow] / MILLION
            ax.plot(years, values, markersize=2.5, linewidth=1, **kw)
            stated = other[(other["country_iso3"] == c) & (other["flow"] == flow)]
            ax.plot(stated["year"], stated["value_usd"] / MILLION, linestyle="none", marker=kw["marker"],
                    markersize=5, markerfacecolor="white", markeredgecolor=kw["color"], markeredgewidth=1)
            for year, value in values[values < CLIP_MILLION].items():
                below.append((ax, c, year, value, kw["color"]))
        ax.set_yscale("log")
        drawn = [line.get_ydata() for line in ax.lines]
        top = max((np.nanmax(np.asarray(y, dtype=float)) for y in drawn if np.isfinite(np.asarray(y, float)).any()),
                  default=1)
        ax.set_ylim(CLIP_MILLION, top * 1.8)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: number(v, 0) if v >= 1 else _g(v)))
        style.panel(ax, letter, title)
        ax.set_xlim(first - 1, last + 1)
        ax.set_xticks(style.year_ticks(first, last))
    names = style.country_labels()
    notes = []
    for ax, letter in zip(axes, "ab"):
        here = [(c, year, value, colour) for a, c, year, value, colour in below if a is ax]
        for c, year, value, colour in here:
            ax.plot([year], [CLIP_MILLION], marker="v", color=colour, markersize=4, clip_on=False, zorder=4,
                    linestyle="none", label="_below")
        if here:
            notes += [tr("{country} {year} USD {value} ({panel})", country=names[c], year=year,
                         value=number(value * MILLION, 0), panel=letter) for c, year, value, _ in here]
    if notes:  # under the legend, outside the axes, so it crosses no line
        fig.text(0.5, 0.01, tr("▼ at the axis edge: below USD {limit}: {notes}", limit=number(CLIP_MILLION * MILLION, 0),
                               notes="; ".join(notes)),
                 ha="center", va="bottom", fontsize=style.SMALL_FONT, color="#333333")
    axes[0].set_ylabel(tr("Current USD million, log scale\n(from {start}), Korea-reported", start=_g(CLIP_MILLION)))
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(plt.Line2D([], [], linestyle="none", marker="o", markerfacecolor="white",
                              markeredgecolor="#444444"))
    labels.append(tr("hollow: other source, not IMF"))
    fig.legend(handles, labels, loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.06))
    fig.subplots_adjust(left=0.11, right=0.99, top=0.92, bottom=0.30, wspace=0.06)
    korea_rows = trade.annual(countries, (first, last), "KOR", flows=trade.FLOWS, source="imf", data=rows)
    shown = other.loc[other["flow"].isin(["exports", "imports"]) & other["country_iso3"].isin(countries), "source_id"]
    return fig, unique_sources(korea_rows["source_id"], shown)


# --- who reports: Korea's totals against the partner's --------------------------------------------------------

@chart
def reporter_gap(countries=None, years=None, data=None) -> Chart:
    """Exports + imports as Korea reports them and as each partner reports them (IMF DOTS, `trade.mirror`), the gap
    between them shaded, other sources' full-year totals as hollow markers: one print panel per partner, and an
    interactive chart with a menu to pick the partner and a lower panel for the gap itself.

        reporter_gap(["KAZ", "UZB"], (1995, 2020))
    """
    countries, first, last, rows, wide = _setup(countries, years, data)
    other = _other(countries, (first, last), rows)
    if not _has_dots(wide) and not (other["flow"] == "total").any():
        return no_data("reporter-gap", "trade totals by reporter", countries, (first, last))
    figure, sources = _gap_print(countries, first, last, rows, wide, other)
    return Chart(name="reporter-gap", figure=figure, interactive=_gap_interactive(countries, first, last, wide, other),
                 width="double", tables=["trade"], sources=sources,
                 caption=tr("Exports plus imports in current US dollars as Korea reports them and as each partner "
                            "reports them (IMF DOTS, full years), with the gap shaded and other sources' full-year "
                            "totals as hollow markers."))


def _gap_print(countries, first, last, rows, wide, other):
    names, colours = style.country_labels(), style.country_colours()
    years = pd.RangeIndex(first, last + 1, name="year")
    nrows, ncols, height, top, bottom, legend_y = _grid(len(countries), 4.6, 0.95, 0.2, 0.04)
    fig, axes = style.figure("double", height=height, nrows=nrows, ncols=ncols, sharex=True, squeeze=False)
    for ax, c, letter in zip(axes.flat, countries, style.letters(len(countries))):
        k, p = wide[(c, "KOR")]["total"] / MILLION, wide[(c, "partner")]["total"] / MILLION
        colour = colours[c]
        ax.fill_between(years, k, p, where=(k.notna() & p.notna()).to_numpy(), color="#BBBBBB", alpha=0.5,
                        linewidth=0, interpolate=False, step=None)
        ax.plot(years, k, color=colour, linestyle="-", marker="o", markersize=2, linewidth=1.2)
        ax.plot(years, p, color=colour, linestyle=(0, (1, 1)), linewidth=1.2)
        stated = other[(other["country_iso3"] == c) & (other["flow"] == "total")]
        for side, marker in SIDE_MARKERS.items():
            sel = stated[stated["side"] == side]
            ax.plot(sel["year"], sel["value_usd"] / MILLION, linestyle="none", marker=marker, markersize=4,
                    markerfacecolor="white", markeredgecolor="black", markeredgewidth=0.8)
        style.panel(ax, letter, names[c])
        ax.set_xlim(first - 1, last + 1)
        ax.set_xticks(style.year_ticks(first, last, 10))
        ax.set_ylim(bottom=0)
    _hide_spare(axes, len(countries))
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("Current USD million"))
    legend = [plt.Line2D([], [], color="#444444", marker="o", markersize=2, label=tr("Korea-reported (IMF)")),
              plt.Line2D([], [], color="#444444", linestyle=(0, (1, 1)), label=tr("partner-reported (IMF)")),
              plt.matplotlib.patches.Patch(color="#BBBBBB", alpha=0.5, label=tr("gap between the two"))]
    legend += [plt.Line2D([], [], linestyle="none", marker=m, markerfacecolor="white", markeredgecolor="black",
                          label=tr("other source, {side}", side=tr(s))) for s, m in SIDE_MARKERS.items()]
    fig.legend(handles=legend, loc="lower center", ncol=3, bbox_to_anchor=(0.5, legend_y))
    fig.subplots_adjust(left=0.08, right=0.99, top=top, bottom=bottom, hspace=0.3, wspace=0.25)
    dots_rows = trade.annual(countries, (first, last), "both", flows=trade.FLOWS, source="imf", data=rows)
    shown = other.loc[(other["flow"] == "total") & other["country_iso3"].isin(countries), "source_id"]
    return fig, unique_sources(dots_rows["source_id"], shown)


def _gap_interactive(countries, first, last, wide, other):
    names, colours = style.country_labels(), style.country_colours()
    years = pd.RangeIndex(first, last + 1, name="year")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.05)
    trace_country = []
    for c in countries:
        k_w, p_w = wide[(c, "KOR")], wide[(c, "partner")]
        k_source, p_source = trade.dots_source(c, "KOR")[1], trade.dots_source(c, "partner")[1]
        with_both = k_w["total"].notna() & p_w["total"].notna()
        # The shaded gap: one closed shape per run of consecutive years with both totals, never across a gap.
        xs, ys = [], []
        for _, run in k_w.loc[with_both, "total"].groupby((~with_both).cumsum()[with_both]):
            run_years = list(run.index)
            xs += run_years + run_years[::-1] + [None]
            ys += list(k_w.loc[run_years, "total"] / MILLION) + list(p_w.loc[run_years[::-1], "total"] / MILLION) \
                + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor="rgba(140,140,140,0.3)",
                                 line={"width": 0}, name=tr("gap between the two"), hoverinfo="skip"), row=1, col=1)
        trace_country.append(c)
        bold = f"<b>{names[c]}</b>"
        lines = ((k_w, k_source, tr("Korea-reported (IMF DOTS)"), "solid",
                  tr_html("{country}, Korea-reported\n%{x}: %{y:,.1f} million current USD%{customdata[1]}\n"
                          "source: %{customdata[0]}", country=bold)),
                 (p_w, p_source, tr("reported by {partner} (IMF DOTS)", partner=names[c]), "dot",
                  tr_html("{country}, reported by {partner}\n%{x}: %{y:,.1f} million current USD%{customdata[1]}\n"
                          "source: %{customdata[0]}", country=bold, partner=names[c])))
        for w, source, name, dash, hover in lines:
            custom = np.column_stack([np.repeat(source, len(w)),
                                      np.where(w["est_total"], " " + tr("(includes an IMF estimate)"), "")])
            fig.add_trace(go.Scatter(
                x=list(years), y=w["total"] / MILLION, mode="lines+markers", name=name,
                line={"color": colours[c], "dash": dash, "width": 2}, marker={"size": 5 if dash == "solid" else 4},
                connectgaps=False, customdata=custom, hovertemplate=hover + "<extra></extra>"), row=1, col=1)
            trace_country.append(c)
        stated = other[(other["country_iso3"] == c) & (other["flow"] == "total")]
        if len(stated):
            fig.add_trace(go.Scatter(
                x=stated["year"], y=stated["value_usd"] / MILLION, mode="markers",
                name=tr("other sources, not IMF (◇ Korean side, □ partner side, ○ side not stated)"),
                marker={"color": "black", "size": 10, "line": {"width": 1.5},
                        "symbol": [SYMBOLS[s] for s in stated["side"]]},
                customdata=_other_custom(stated), hovertemplate=_not_imf_hover(bold)),
                row=1, col=1)
            trace_country.append(c)
        gap = p_w["total"] - k_w["total"]  # NaN unless both totals exist: no bar
        custom = np.column_stack([[_usd(v) for v in k_w["total"]], [_usd(v) for v in p_w["total"]],
                                  [_decimal(v, 2) if pd.notna(v) else "" for v in p_w["total"] / k_w["total"]]])
        fig.add_trace(go.Bar(
            x=list(years), y=gap / MILLION, name=tr("gap: {country}'s figure − Korea's", country=names[c]),
            marker={"color": np.where(gap > 0, colours[c], "#999999")}, customdata=custom,
            hovertemplate=tr_html("{country}, %{x}\npartner − Korea: %{y:+,.1f} million current USD\n"
                                  "Korea-reported: %{customdata[0]} (source: {korea_source})\n"
                                  "reported by {partner}: %{customdata[1]} (source: {partner_source})\n"
                                  "partner ÷ Korea: %{customdata[2]}", country=bold, partner=names[c],
                                  korea_source=k_source, partner_source=p_source) + "<extra></extra>"),
            row=2, col=1)
        trace_country.append(c)

    start = "KAZ" if "KAZ" in countries else countries[0]
    for trace, c in zip(fig.data, trace_country):
        trace.visible = c == start

    def gap_title(c):
        return tr("{country}: trade with Korea as each side reports it (exports + imports, current USD million)",
                  country=names[c])

    fig.update_layout(
        title={"text": gap_title(start), "x": 0, "y": 0.98}, height=640, hovermode="closest", bargap=0.15,
        margin={"t": 110}, legend={"orientation": "h", "y": -0.12, "x": 0, "font": {"size": 11}},
        updatemenus=[{"type": "dropdown", "x": 0, "xanchor": "left", "y": 1.1, "yanchor": "bottom",
                      "active": countries.index(start), "showactive": True,
                      "buttons": [{"label": names[c], "method": "update",
                                   "args": [{"visible": [tc == c for tc in trace_country]},
                                            {"title.text": gap_title(c)}]}
                                  for c in countries]}])
    fig.update_xaxes(range=[first - 0.5, last + 0.5], dtick=2)
    fig.update_xaxes(title_text=tr("Year"), row=2, col=1)
    fig.update_yaxes(title_text=tr_html("Exports + imports,\ncurrent USD million"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=tr_html("Partner − Korea,\ncurrent USD million"), zeroline=True,
                     zerolinecolor="#444444", row=2, col=1)
    return fig


# --- shares of the republics ------------------------------------------------------------------------------------

@chart
def shares_stacked(countries=None, years=None, data=None) -> Chart:
    """Each republic's share of Korea's trade with the republics among `countries` (exports + imports,
    Korea-reported, `trade.shares`), stacked per year up to the end of the IMF DOTS series; a year in which any of
    them lacks a flow is left empty (hatched), never shown with an understated total.

        shares_stacked(["KAZ", "UZB", "KGZ"], (2000, 2020))
    """
    countries = check_countries(countries)
    first, years_last = check_years(years)
    republics = [c for c in countries if c in FIVE]
    rows = data  # None: each series loads (and caches) the trade table itself
    last = trade.dots_last_year(republics, (first, years_last), data=rows) if republics else None
    if last is None:
        return no_data("shares-stacked", "shares of the five republics", republics or countries, (first, years_last))
    share = trade.shares(republics, (first, last), "KOR", data=rows)
    share_years = share.pivot(index="year", columns="country_iso3", values="share")[republics]
    complete = share.drop_duplicates("year").set_index("year")["complete_year"].astype(bool)
    group = trade.group_total(republics, (first, last), "KOR", data=rows).set_index("year")["total"]
    wide = {c: trade.wide(c, "KOR", (first, last), data=rows) for c in republics}
    figure = _shares_print(republics, first, last, share_years, complete)
    interactive = _shares_interactive(republics, first, last, share_years, complete, group, wide)
    return Chart(name="shares-stacked", figure=figure, interactive=interactive, width="double", tables=["trade"],
                 sources=unique_sources(trade.annual(republics, (first, last), "KOR", flows=trade.FLOWS,
                                                     source="imf", data=rows)["source_id"]),
                 caption=_for_group(republics,
                                    "Each republic's share of Korea's trade (exports plus imports, Korea-reported IMF "
                                    "DOTS) with the five; years in which any of the five lacks a flow are left empty.",
                                    "Each republic's share of Korea's trade (exports plus imports, Korea-reported IMF "
                                    "DOTS) with the republics shown; years in which any of the republics shown lacks a "
                                    "flow are left empty."))


def _shares_print(republics, first, last, share_years, complete):
    names, colours = style.country_labels(), style.country_colours()
    fig, ax = style.figure("double", height=3.1)
    bottom = np.zeros(len(share_years))
    for c in republics:
        values = share_years[c].to_numpy() * 100
        ax.bar(share_years.index, np.nan_to_num(values), bottom=bottom, width=0.8, **style.bar_kwargs(c))
        bottom = bottom + np.nan_to_num(values)
    for year in share_years.index[~complete.loc[first:last].to_numpy()]:
        ax.axvspan(year - 0.4, year + 0.4, facecolor=EMPTY_YEAR, edgecolor="#AAAAAA", linewidth=0.5)
    ax.set_xlim(first - 0.7, last + 0.7)
    ax.set_ylim(0, 100)
    ax.set_xticks(style.year_ticks(first, last))
    ax.set_ylabel(_for_group(republics, "Share of Korea-reported trade\nwith the five (%)",
                             "Share of Korea-reported trade\nwith the republics shown (%)"))
    handles, labels = ax.get_legend_handles_labels()
    handles.append(plt.matplotlib.patches.Patch(facecolor=EMPTY_YEAR, edgecolor="#AAAAAA", linewidth=0.5))
    labels.append(_for_group(republics, "year left empty (a flow missing for one of the five)",
                             "year left empty (a flow missing for one of the republics shown)"))
    ax.legend(handles, labels, loc="upper center", ncol=3, bbox_to_anchor=(0.5, -0.12))
    fig.subplots_adjust(left=0.1, right=0.99, top=0.97, bottom=0.26)
    return fig


def _shares_interactive(republics, first, last, share_years, complete, group, wide):
    names, colours = style.country_labels(), style.country_colours()
    lacks = {("exports",): "{country} (exports)", ("imports",): "{country} (imports)",
             ("exports", "imports"): "{country} (exports and imports)"}

    def lacking(year):
        """The republics without a Korea-reported full-year total in `year`, and the flow(s) each one lacks."""
        out = []
        for c in republics:
            gone = [f for f in ("exports", "imports") if pd.isna(wide[c].loc[year, f])]
            if gone:
                out.append(tr(lacks[tuple(gone)], country=names[c]))
        return ", ".join(out)

    fig = go.Figure()
    group_shown = group.loc[first:last]
    for c in republics:
        w = wide[c].loc[first:last]
        custom = np.column_stack([[_usd(v) for v in w["total"]], [_usd(v) for v in group_shown],
                                  np.where(w["est_total"], " " + tr("(includes an IMF estimate)"), "")])
        fig.add_trace(go.Bar(
            x=list(share_years.index), y=share_years[c] * 100, name=names[c],
            marker={"color": colours[c], "pattern": {"shape": style.plotly_cues(c)["pattern"]}},
            customdata=custom,
            hovertemplate=_for_group(
                republics, "{country}, %{x}: %{y:.1f}% of Korea's trade with the five\n%{customdata[0]} of "
                "%{customdata[1]}, Korea-reported%{customdata[2]}\nsource: imf-dots-kor",
                "{country}, %{x}: %{y:.1f}% of Korea's trade with the republics shown\n%{customdata[0]} of "
                "%{customdata[1]}, Korea-reported%{customdata[2]}\nsource: imf-dots-kor",
                country=f"<b>{names[c]}</b>").replace("\n", "<br>") + "<extra></extra>"))
    empty_years = [int(y) for y in share_years.index[~complete.loc[first:last].to_numpy()]]
    fig.add_trace(go.Bar(
        x=empty_years, y=[100] * len(empty_years), name=tr("year left empty (a flow missing)"),
        marker={"color": EMPTY_YEAR, "line": {"color": "#AAAAAA", "width": 0.5}},
        customdata=[lacking(y) for y in empty_years],
        hovertemplate=tr_html("%{x}: no share shown. No Korea-reported full-year total for %{customdata}\n"
                              "source: imf-dots-kor") + "<extra></extra>"))
    fig.update_layout(
        title={"text": _for_group(republics, "Each republic's share of Korea's trade with the five (exports + imports, "
                                             "Korea-reported)",
                                  "Each republic's share of Korea's trade with the republics shown (exports + "
                                  "imports, Korea-reported)"), "x": 0},
        barmode="stack", bargap=0.15, height=480, hovermode="closest",
        xaxis={"title": tr("Year"), "range": [first - 0.6, last + 0.6], "dtick": 2},
        yaxis={"title": _for_group(republics, "Share of the five (%)", "Share of the republics shown (%)"),
               "range": [0, 100], "ticksuffix": "%"},
        legend={"orientation": "h", "y": -0.2, "x": 0})
    return fig


# --- trade balance ----------------------------------------------------------------------------------------------

@chart
def balance(countries=None, years=None, data=None) -> Chart:
    """Korea's exports minus its imports per partner and year, both Korea-reported (`trade.balance`), one panel per
    partner with its own scale, up to the end of the IMF DOTS series; a year without both flows has no bar.

        balance(["UZB", "KAZ"], (2000, 2020))
    """
    countries = check_countries(countries)
    first, years_last = check_years(years)
    rows = data  # None: each series loads (and caches) the trade table itself
    last = trade.dots_last_year(countries, (first, years_last), data=rows)
    frame = trade.balance(countries, (first, last), data=rows) if last is not None else None
    if frame is None or frame["balance"].isna().all():
        return no_data("balance", "trade balance", countries, (first, years_last))
    table = frame.pivot(index="year", columns="country_iso3", values="balance")[countries]
    wide = {c: trade.wide(c, "KOR", (first, last), data=rows) for c in countries}
    return Chart(name="balance", figure=_balance_print(countries, first, last, table),
                 interactive=_balance_interactive(countries, first, last, table, wide), width="double",
                 tables=["trade"], sources=unique_sources(frame.dropna(subset=["balance"])["source_id"]),
                 caption=tr("Korea's trade balance (exports minus imports, Korea-reported IMF DOTS, current USD "
                            "million) with each partner; years missing a flow have no bar."))


def _balance_print(countries, first, last, table):
    names, colours = style.country_labels(), style.country_colours()
    nrows, ncols, height, top, bottom, _ = _grid(len(countries), 4.2, 0.94, 0.12)
    fig, axes = style.figure("double", height=height, nrows=nrows, ncols=ncols, sharex=True, squeeze=False)
    for ax, c, letter in zip(axes.flat, countries, style.letters(len(countries))):
        values = table[c].loc[first:last] / MILLION
        ax.bar(values.index, values, width=0.8, **style.bar_kwargs(c, hatch=False))  # the panel names its country
        ax.axhline(0, color="black", linewidth=0.6)
        style.panel(ax, letter, names[c])
        ax.set_xlim(first - 1, last + 1)
        ax.set_xticks(style.year_ticks(first, last, 10))
    _hide_spare(axes, len(countries))
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("Exports − imports,\ncurrent USD million"))
    fig.subplots_adjust(left=0.1, right=0.99, top=top, bottom=bottom, hspace=0.32, wspace=0.3)
    return fig


def _balance_interactive(countries, first, last, table, wide):
    names, colours = style.country_labels(), style.country_colours()
    nrows, ncols = grid_shape(len(countries))
    fig = make_subplots(rows=nrows, cols=ncols, shared_xaxes=True, subplot_titles=[names[c] for c in countries],
                        vertical_spacing=0.12, horizontal_spacing=0.08)
    for i, c in enumerate(countries):
        w = wide[c].loc[first:last]
        b = table[c].loc[first:last]
        custom = np.column_stack([np.where(b > 0, tr("Korean surplus"), tr("Korean deficit")),
                                  [_usd(v) for v in w["exports"]], [_usd(v) for v in w["imports"]],
                                  np.where(w["est_exports"] | w["est_imports"], " " + tr("(includes an IMF estimate)"),
                                           "")])
        fig.add_trace(go.Bar(
            x=list(b.index), y=b / MILLION, name=names[c], customdata=custom,
            marker={"color": colours[c], "pattern": {"shape": style.plotly_cues(c)["pattern"]}},
            hovertemplate=tr_html("{country}, %{x}: %{y:+,.1f} million current USD (%{customdata[0]})\n"
                                  "Korea's exports %{customdata[1]}, imports %{customdata[2]}%{customdata[3]}\n"
                                  "source: imf-dots-kor (Korea-reported)", country=f"<b>{names[c]}</b>")
            + "<extra></extra>"),
            row=i // ncols + 1, col=i % ncols + 1)
    fig.update_layout(
        title={"text": tr("Korea's trade balance: exports minus imports, Korea-reported, current USD million"), "x": 0},
        height=200 + 180 * nrows, bargap=0.15, hovermode="closest", legend={"orientation": "h", "y": -0.1, "x": 0})
    fig.update_xaxes(range=[first - 1, last + 1], dtick=5)
    fig.update_yaxes(zeroline=True, zerolinecolor="#444444", tickformat=",")
    fig.update_yaxes(title_text=tr_html("Exports − imports,\ncurrent USD million"), col=1)
    return fig


# --- growth multiples -------------------------------------------------------------------------------------------

WORDS = {"more_than": "more than", "nearly": "almost"}
# The print labels of a claim, shorter: "Kwak (2021): >21×", "Kwak (2021): almost 6×".
CLAIM_LABELS = {"more_than": "{author}: >{value}×", "nearly": "{author}: almost {value}×"}
CLAIM_LABEL = "{author}: {value}×"
MULTIPLE_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]


@chart
def growth_multiples(countries, start: int, end: int, years=None, data=None) -> Chart:
    """The growth multiple of exports + imports from `start` to `end` for the republics among `countries`, Korea-
    reported beside partner-reported (`trade.growth_multiples`), with any claim for the same two years marked
    (`trade.growth_claims`). In the interactive chart a slider moves the start year over `years` (up to end − 1);
    a start year without a full-year total leaves that bar out.

        growth_multiples(["KAZ", "UZB"], 2001, 2019)
    """
    countries = check_countries(countries)
    first = check_years(years)[0]
    republics = [c for c in countries if c in FIVE]
    rows = data  # None: each series loads (and caches) the trade table itself
    series = trade.growth_multiples(republics, (start, end), data=rows) if republics else None
    if series is None or series["multiple"].isna().all():
        return no_data("growth-multiples", f"growth multiples {start}→{end}", republics or countries, (start, end))
    multiples = series.assign(reporter=np.where(series["reporter_iso3"] == "KOR", "KOR", "partner")).pivot(
        index="country_iso3", columns="reporter", values="multiple").reindex(index=republics, columns=REPORTERS)
    multiples.columns.name = None
    claimed = trade.growth_claims(republics, start, end)
    totals = trade.totals(republics, (min(first, start), end), "both", data=rows)
    dots = trade.annual(republics, (start, end), "both", flows=trade.FLOWS, source="imf", data=rows)
    return Chart(name="growth-multiples", figure=_growth_print(republics, start, end, multiples, claimed),
                 interactive=_growth_interactive(republics, start, end, first, multiples, claimed, totals),
                 tables=["trade", "claims"] if len(claimed) else ["trade"],
                 sources=unique_sources(dots["source_id"], claimed["source_id"]),
                 caption=_growth_caption(start, end, claimed))


def _growth_caption(start, end, claimed) -> str:
    if not len(claimed):
        return tr("Growth multiple of exports plus imports from {start} to {end} by reporter (IMF DOTS).",
                  start=start, end=end)
    # authors sorted by their English citation, so every language lists them in the same order
    authors = [_cite(s) for s in sorted(set(claimed["source_id"]), key=style.cite)]
    return tr("Growth multiple of exports plus imports from {start} to {end} by reporter (IMF DOTS), with the "
              "multiples {authors} claims for {countries} marked.", start=start, end=end, authors=_and(authors),
              countries=_and([style.country_labels()[c] for c in claimed["country_iso3"]]))


def _and(names) -> str:
    return names[0] if len(names) == 1 else tr("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])


def _growth_print(republics, start, end, multiples, claimed):
    """Bars from 1× on a log axis, so a fall (below 1×) points left; a claim is an open diamond on its own line
    under the country's two bars, labelled with who claims it, clear of the bars' value labels."""
    names, colours = style.country_labels(), style.country_colours()
    fig, ax = style.figure("single", height=3.3)
    y = np.arange(len(republics))
    kor, partner = multiples["KOR"].to_numpy(dtype=float), multiples["partner"].to_numpy(dtype=float)
    ax.barh(y - 0.3, kor - 1, left=1, height=0.25, color=[colours[c] for c in republics], label=tr("Korea-reported"))
    ax.barh(y - 0.03, partner - 1, left=1, height=0.25, color="white", edgecolor=[colours[c] for c in republics],
            hatch="////", linewidth=0.8, label=tr("partner-reported"))
    ax.axvline(1, color="black", linewidth=0.6)
    values = [v for v in np.concatenate([kor, partner, claimed["value"].to_numpy(dtype=float)]) if np.isfinite(v)]
    low, high = min(0.5, min(values) / 3), max(values) * 3.5
    for i, c in enumerate(republics):
        for dy, r in ((-0.3, "KOR"), (-0.03, "partner")):
            value = multiples.loc[c, r]
            if pd.notna(value):
                ax.annotate(_decimal(value, 1) + "×", (value, i + dy), xytext=(3 if value >= 1 else -3, 0),
                            textcoords="offset points", ha="left" if value >= 1 else "right", va="center",
                            fontsize=style.SMALL_FONT)
    for c, claim_id in zip(claimed["country_iso3"], claimed.index):
        i, value = republics.index(c), claimed.loc[claim_id, "value"]
        label = CLAIM_LABELS.get(str(claimed.loc[claim_id, "qualifier"]), CLAIM_LABEL)
        ax.plot([value], [i + 0.27], linestyle="none", marker="D", markersize=4, markerfacecolor="white",
                markeredgecolor="black", label="_claim")
        right = value > np.sqrt(low * high)  # past the middle the label goes to the left of its diamond
        ax.annotate(tr(label, author=_cite(claimed.loc[claim_id, "source_id"]), value=_decimal(value, 0)),
                    (value, i + 0.27), xytext=(-5 if right else 5, 0), textcoords="offset points", va="center",
                    ha="right" if right else "left", fontsize=style.SMALL_FONT)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ticks = [t for t in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500) if low <= t <= high]
    ax.set_xticks(ticks, [_g(t) + "×" for t in ticks])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_yticks(y, [names[c] for c in republics])
    ax.set_ylim(len(republics) - 0.55, -0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(tr("Total {end} ÷ total {start} (log scale)", start=start, end=end))
    handles, labels = ax.get_legend_handles_labels()
    handles, labels = handles[:2], labels[:2]
    if len(claimed):
        handles.append(plt.Line2D([], [], linestyle="none", marker="D", markersize=4, markerfacecolor="white",
                                  markeredgecolor="black"))
        labels.append(tr("claimed multiple"))
    fig.legend(handles, labels, loc="upper left", ncol=3, bbox_to_anchor=(0.0, 1.0), handlelength=1.2,
               columnspacing=0.8, handletextpad=0.4)
    fig.subplots_adjust(left=0.25, right=0.95, top=0.9, bottom=0.15)
    style.room_for_row_names(fig, ax)
    return fig


def _growth_interactive(republics, start, end, first, multiples, claimed, totals):
    names, colours = style.country_labels(), style.country_colours()
    starts = list(range(min(first, start), end))
    total = {(c, "KOR" if r == "KOR" else "partner"): frame.set_index("year")["total"]
             for (c, r), frame in totals.groupby(["country_iso3", "reporter_iso3"], sort=False)}

    def growth_arrays(year, reporter):
        """Bar lengths from 1× (multiple − 1; NaN where a total is missing), hover data and labels for a start."""
        x, custom, text = [], [], []
        for c in republics:
            a, b = total[(c, reporter)].get(year, np.nan), total[(c, reporter)].get(end, np.nan)
            value = b / a  # NaN if either total is missing
            x.append(value - 1)  # drawn from base=1: a fall points left
            label = "" if pd.isna(value) else _decimal(value, 1) + "×"
            custom.append([_usd(a), _usd(b), trade.dots_source(c, reporter)[1], label])
            text.append(label)
        return x, custom, text

    sides = {"KOR": tr("Korea-reported"), "partner": tr("partner-reported")}
    fig = go.Figure()
    for r, label in sides.items():
        x, custom, text = growth_arrays(start, r)
        fig.add_trace(go.Bar(
            y=[names[c] for c in republics], x=x, base=1, orientation="h", name=label, text=text,
            textposition="outside", customdata=custom, cliponaxis=False,
            marker={"color": [colours[c] for c in republics] if r == "KOR" else "white",
                    "line": {"color": [colours[c] for c in republics], "width": 1.5},
                    "pattern": {"shape": "" if r == "KOR" else "/", "fgcolor": [colours[c] for c in republics]}},
            hovertemplate=tr_html("{partner}, {side}\nmultiple: %{customdata[3]}\nstart total %{customdata[0]}\n"
                                  "{end} total %{customdata[1]}\nsource: %{customdata[2]}", partner="<b>%{y}</b>",
                                  side=label, end=end) + "<extra></extra>"))
    if len(claimed):
        fig.add_trace(go.Scatter(
            y=[names[c] for c in claimed["country_iso3"]], x=list(claimed["value"]), mode="markers",
            name=tr("claimed multiple ({start}→{end})", start=start, end=end),
            marker={"symbol": "line-ns-open", "size": 30, "color": "black", "line": {"width": 2}},
            customdata=[[tr(WORDS[str(q)]) if str(q) in WORDS else "", _cite(s)]
                        for q, s in zip(claimed["qualifier"], claimed["source_id"])],
            hovertemplate=tr_html("{partner}: claimed by %{customdata[1]}, %{customdata[0]} %{x:.0f}× from {start} to "
                                  "{end}\nsource: %{customdata[1]}", partner="<b>%{y}</b>", start=start, end=end)
            + "<extra></extra>"))
    steps = []
    for year in starts:
        arrays = [growth_arrays(year, r) for r in sides]
        steps.append({"label": str(year), "method": "update",
                      "args": [{"x": [a[0] for a in arrays], "customdata": [a[1] for a in arrays],
                                "text": [a[2] for a in arrays]},
                               {"title.text": tr("Growth multiple of exports + imports, {start}→{end}, by reporter",
                                                 start=year, end=end)},
                               [0, 1]]})
    fig.update_layout(
        title={"text": tr("Growth multiple of exports + imports, {start}→{end}, by reporter", start=start, end=end),
               "x": 0},
        barmode="group", height=520, hovermode="closest", margin={"r": 60},
        xaxis={"title": tr("Total {end} ÷ total in the start year (log scale)", end=end), "type": "log",
               "tickvals": MULTIPLE_TICKS, "ticktext": [_g(t) + "×" for t in MULTIPLE_TICKS]},
        yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": 1.08, "x": 0},
        sliders=[{"active": starts.index(start) if start in starts else 0,
                  "currentvalue": {"prefix": tr("Start year:") + " "}, "pad": {"t": 60}, "steps": steps}])
    return fig
