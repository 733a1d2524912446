"""Charts of people: the 1937 deportation, the census series per state, Central Asians living in Korea, and the
visitors between the regions. Each function returns a `Chart` whose print figure and interactive figure are drawn
from the same rows of `series.people`.

    from korea_central_asia.charts import people as people_charts
    people_charts.census(countries=["KAZ", "TJK"], years=(1926, 2021))
    people_charts.in_korea(countries=["KGZ", "TJK"], years=(2010, 2025))
"""
from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd

from .. import i18n, style
from ..data import load
from ..i18n import tr, tr_html
from ..series import FIVE, check_countries, check_years, country_label
from ..series import people
from . import Chart, chart, grid_shape, no_data

ALL_YEARS = (1800, 2100)
OTHER = "#661100"  # union-wide rows and destinations other than the two republics with their own hue
DEMONYMS = {"KAZ": "Kazakh", "UZB": "Uzbek", "KGZ": "Kyrgyz", "TJK": "Tajik", "TKM": "Turkmen", "AFG": "Afghan"}


def _fmt(value, qualifier="exact", unit=""):
    """`people.stated` in the figures' language: 'almost 172,000' in English, 'почти 172 000' in Russian."""
    number = i18n.number(value, 0 if float(value).is_integer() else 1) + unit
    if str(qualifier) == "nearly":
        return tr("almost {value}", value=number)
    return people.QUALIFIER_SIGNS.get(str(qualifier), "") + number


def _qualifier(qualifier) -> str:
    """A qualifier of diaspora.csv (exact, about, nearly, ...) as a hover writes it, in the figures' language."""
    words = {"exact": tr("exact"), "about": tr("about"), "nearly": tr("nearly"), "more_than": tr("more_than"),
             "at_least": tr("at_least"), "up_to": tr("up_to"), "less_than": tr("less_than")}
    return words.get(str(qualifier), str(qualifier))


def _name(text) -> str:
    """A source's name (author, publisher, 'Kwak (2021)'): it stays as the source writes it in every language."""
    return i18n.keep_name(str(text))


def _and(names) -> str:
    """Names joined by 'and' in the figures' language: 'Kazakh and Uzbek'."""
    names = list(names)
    text = names[0]
    for name in names[1:]:
        text = tr("{first} and {second}", first=text, second=name)
    return text


def _wrap(text, width=70):
    """Escape a note for a plotly hover label and break it into lines."""
    return "<br>".join(textwrap.wrap(html.escape(str(text)), width)) if str(text) else ""


def _limits(years, default, pad):
    """Axis limits: the chart's own limits, narrowed to the years asked (padded by `pad`) where those are fewer."""
    return max(default[0], years[0] - pad), min(default[1], years[1] + pad)


def _soviet(codes) -> bool:
    """True when some country asked for was a Soviet republic, so union-wide rows (place SUN) concern it."""
    return any(f"SU-{c}" in set(load("countries")["iso3"]) for c in codes)


def _empty_panel(ax, text=None):
    text = tr("no figure for this selection") if text is None else text
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=style.SMALL_FONT, color="#777777")
    ax.set_yticks([])


# --- the 1937 deportation ---------------------------------------------------------------------------------------

SEED_CLAIMS = {"persons": "deportation-persons-1937", "families": "deportation-families-1937",
               "trains": "deportation-train-cars-1937"}


def _unit(unit) -> str:
    """A unit of diaspora.csv or claims.csv as a figure writes it, in the figures' language."""
    words = {"persons": tr("persons"), "families": tr("families"), "trains": tr("trains"),
             "carriages": tr("carriages"), "percent": tr("percent"), "train cars": tr("train cars")}
    return words.get(str(unit), str(unit))


def _thousands(language):
    """A tick formatter writing 36,442 (Russian: 36 442) in the language the chart is drawn in, whenever it is
    drawn."""
    import matplotlib.ticker

    def text(x, _):
        with i18n.use_language(language):
            return i18n.number(x)
    return matplotlib.ticker.FuncFormatter(text)


@chart
def deportation(countries=None, years=None, seed=SEED_CLAIMS) -> Chart:
    """Every figure of the 1937 deportation with its source, in six panels (persons, families, persons by
    destination, trains, carriages per train, deaths, deaths as a share), beside the claims of the text examined.

        deportation()                              # every figure
        deportation(countries=["KAZ"])             # destinations: the Kazakh SSR only

    Union-wide figures are always drawn; the destination panel shows the `countries` asked for. `seed` maps the
    panels 'persons', 'families' and 'trains' to claim ids (an empty dict draws no claims).
    """
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    codes = check_countries(countries)
    years = check_years(years, ALL_YEARS)
    dep = people.deportation(codes, years, union=_soviet(codes))
    if dep.empty:
        return no_data("deportation", "figures of the 1937 deportation", codes, years)
    sources = load("sources").set_index("source_id")
    names, colours = style.country_labels(), style.country_colours()
    dep["state"] = dep["country_iso3"]
    dep["source"] = [_name(people.source_label(s, sources=sources)) for s in dep["source_id"]]
    dep_year = int(dep["year"].unique()[0])

    def who(source_id, surname=False):
        return _name(people.source_label(source_id, surname=surname, sources=sources))

    persons = dep[dep["measure"] == "deportation_persons"].sort_values("value")
    families = dep[dep["measure"] == "deportation_families"].sort_values("value")
    by_destination = dep[dep["measure"] == "deportation_persons_by_destination"].sort_values(["place", "value"])
    trains = dep[dep["measure"] == "deportation_trains"]
    carriages = dep[dep["measure"] == "deportation_carriages_per_train"]
    claim = people.claims(list(seed.values())).set_index("claim_id") if seed else pd.DataFrame()
    deaths = dep[dep["measure"] == "deportation_deaths_estimate"].sort_values("value")
    mortality = dep[dep["measure"] == "deportation_mortality_percent"].sort_values("value")
    tc = pd.concat([trains, carriages])

    def seed_ids(panel):
        return [seed[panel]] if panel in seed else []

    def dot_panel(ax, rows, title, label, colour=OTHER, seed_rows=(), xlim=None):
        """One row per figure: filled dot = exact, hollow = rounded (about, nearly, ...); hollow diamond = claim."""
        labels = []
        for i, row in enumerate(rows.itertuples()):
            c = colours.get(row.state, colour) if row.state in ("KAZ", "UZB") else colour
            exact = str(row.qualifier) == "exact"
            ax.plot(row.value, i, linestyle="none", marker="o", markersize=4.5, markeredgecolor=c,
                    markerfacecolor=c if exact else "white")
            ax.annotate(_fmt(row.value, row.qualifier), (row.value, i), xytext=(5, 0), textcoords="offset points",
                        va="center", fontsize=style.SMALL_FONT)
            labels.append(label(row))
        for j, claim_id in enumerate(seed_rows):
            row = claim.loc[claim_id]
            i = len(rows) + j
            ax.plot(row["value"], i, linestyle="none", marker="D", markersize=4.5, markerfacecolor="white",
                    markeredgecolor="black")
            ax.annotate(_fmt(row["value"], row["qualifier"]) + ("" if row["unit"] in ("persons", "families")
                                                               else f" {_unit(row['unit'])}"),
                        (row["value"], i), xytext=(5, 0), textcoords="offset points", va="center", fontsize=style.SMALL_FONT)
            labels.append(tr("claim: {source}", source=_name(style.cite(row["source_id"]))))
        if labels:
            ax.set_yticks(range(len(labels)), labels)
            ax.set_ylim(len(labels) - 0.5, -0.5)
        else:
            _empty_panel(ax)
        style.panel(ax, title[1], title[4:])
        ax.grid(axis="y", visible=False)
        if xlim:
            ax.set_xlim(*xlim)
        ax.xaxis.set_major_locator(plt.matplotlib.ticker.MaxNLocator(nbins=4))
        ax.xaxis.set_major_formatter(_thousands(i18n.language()))

    def destination(r, sep):
        return f"{names[r.place]}{sep}{_name(who(r.source_id, surname=True).replace('.com', ''))}"

    def train_label(r, sep):
        return f"{'trains' if r.measure == 'deportation_trains' else 'carriages/train'}{sep}{r.source}"

    # Families from zero, so a difference of a few hundred does not fill the panel; trains and carriages per
    # train are two units, so two panels.
    panels = [  # rows, title, label(row, separator), seed claims, x limits
        (persons, "(a) " + tr("Persons deported"), lambda r, s: r.source, seed_ids("persons"), (0, 200000)),
        (families, "(b) " + tr("Families deported"), lambda r, s: r.source, seed_ids("families"), (0, 42000)),
        (by_destination, "(c) " + tr("Persons by destination"), destination, [], (0, 125000)),
        (trains, "(d) " + tr("Trains"), lambda r, s: r.source, seed_ids("trains"), (0, 220)),
        (carriages, "(e) " + tr("Carriages per train"), lambda r, s: r.source, [], (0, 80)),
        (deaths, "(f) " + tr("Deaths, estimates"), lambda r, s: r.source, [], (0, 62000)),
        (mortality, "(g) " + tr("Deaths, % of deportees"), lambda r, s: r.source, [], (0, 21)),
    ]

    fig, axes = style.figure("double", height=7.4, nrows=4, ncols=2)
    for ax, (rows, title, label, seed_rows, xlim) in zip(axes.flat, panels):
        dot_panel(ax, rows, title, lambda r, label=label: label(r, "\n"), seed_rows=seed_rows, xlim=xlim)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    legend = [plt.Line2D([], [], linestyle="none", marker="o", markersize=4.5, color="#444444",
                         label=tr("exact figure")),
              plt.Line2D([], [], linestyle="none", marker="o", markersize=4.5, markeredgecolor="#444444",
                         markerfacecolor="white", label=tr("rounded (about, nearly)")),
              plt.Line2D([], [], linestyle="none", marker="D", markersize=4.5, markeredgecolor="black",
                         markerfacecolor="white", label=tr("claim in the text examined")),
              plt.Line2D([], [], linestyle="none", label=tr("* weak source"))]
    # Russian legend words run longer: the legend moves left a little to stay inside the canvas
    fig.legend(handles=legend, loc="lower center", ncol=2, bbox_to_anchor=({"ru": 0.735}.get(i18n.language(), 0.75),
                                                                           0.06), handletextpad=0.3)
    # Korean names the Soviet republics in full (카자흐 소비에트 사회주의 공화국): panel (c) needs a wider margin
    left = {"ko": 0.235}.get(i18n.language(), 0.2)
    fig.subplots_adjust(left=left, right=0.97, top=0.97, bottom=0.04, hspace=0.55, wspace=0.62)

    kinds = {"exact": ("circle", tr("exact figure")),
             "rounded": ("circle-open", tr("rounded figure (about, almost, ...)")),
             "claim": ("diamond-open", tr("claim in the text examined"))}
    web = make_subplots(rows=4, cols=2, subplot_titles=[p[1] for p in panels], horizontal_spacing=0.3,
                        vertical_spacing=0.1)
    shown = set()
    for i, (rows, title, label, seed_rows, xlim) in enumerate(panels):
        where = {"row": i // 2 + 1, "col": i % 2 + 1}
        points = {kind: [] for kind in kinds}  # kind -> [(x, y, colour, text, customdata)]
        labels = []
        for j, r in enumerate(rows.itertuples()):
            kind = "exact" if str(r.qualifier) == "exact" else "rounded"
            colour = colours[r.state] if r.state in ("KAZ", "UZB") else OTHER
            weak = " " + tr("(weak source)") if sources.loc[r.source_id, "weak"] else ""
            place = "" if r.place == "SUN" else f", {names[r.place]}"
            points[kind].append((r.value, j, colour, _fmt(r.value, r.qualifier),
                                 [title[4:], html.escape(f"{_fmt(r.value, r.qualifier)} {_unit(r.unit)}{place}"),
                                  f"{html.escape(who(r.source_id))}{weak} · {r.source_id}", _wrap(r.notes)]))
            labels.append(label(r, " · "))
        for k, claim_id in enumerate(seed_rows):
            row = claim.loc[claim_id]
            points["claim"].append((row["value"], len(rows) + k, "black", _fmt(row["value"], row["qualifier"]),
                                   [title[4:],
                                    html.escape(f"{_fmt(row['value'], row['qualifier'])} {_unit(row['unit'])}"),
                                    tr("claimed by {source}", source=html.escape(style.cite(row["source_id"])))
                                    + f" · {row['source_id']}",
                                    _wrap(tr("claim: {claim}", claim=row["claim"]))]))
            labels.append(tr("claim: {source}", source=_name(style.cite(row["source_id"]))))
        for kind, pts in points.items():
            if not pts:
                continue
            x, y, c, text, custom = zip(*pts)
            web.add_trace(go.Scatter(
                x=x, y=y, mode="markers+text", text=text, textposition="middle right", textfont={"size": 10},
                name=kinds[kind][1], legendgroup=kind, showlegend=kind not in shown, cliponaxis=False,
                marker={"symbol": kinds[kind][0], "size": 9, "color": list(c), "line": {"width": 1.5}},
                customdata=list(custom),
                hovertemplate=tr_html("{panel}: %{customdata[1]}\nsource: %{customdata[2]}\n%{customdata[3]}",
                                      panel="<b>%{customdata[0]}</b>") + "<extra></extra>"), **where)
            shown.add(kind)
        web.update_yaxes(tickvals=list(range(len(labels))), ticktext=labels, range=[len(labels) - 0.5, -0.5],
                         showgrid=False, zeroline=False, **where)
        web.update_xaxes(range=list(xlim), tickformat=",", nticks=5, **where)
    web.update_layout(title={"text": tr("The {year} deportation: every figure in the data, with its source",
                                        year=dep_year), "x": 0},
                      height=1150, hovermode="closest", margin={"l": 170, "r": 40},
                      legend={"orientation": "h", "y": -0.06, "x": 0})
    seed_sources = list(claim["source_id"]) if seed else []
    return Chart(name="deportation", width="double", tables=["diaspora", "claims"],
                 sources=list(dep["source_id"]) + seed_sources, figure=fig, interactive=web,
                 caption=tr("The 1937 deportation of Koreans to Central Asia: every figure in the data with its "
                            "source, beside the figures claimed by {texts}.",
                            texts=", ".join(sorted({_name(style.cite(s)) for s in seed_sources})) or tr("no text")))


# --- census rounds ----------------------------------------------------------------------------------------------

ESTIMATE_STYLE = {"estimate": ("o", "estimate (press, officials)"), "official_estimate": ("D", "official estimate"),
                  "overseas_koreans_mofa": ("^", "Korean foreign ministry count")}  # English: the keys of tr
CENSUS_LIMITS = (1920, 2027)
CENSUS_TICKS = [1926, 1959, 1989, 2021]


def census_segments(series: pd.DataFrame, country: str) -> list:
    """Line segments between counts of consecutive census rounds held in one state, every pair where a round has
    conflicting counts; a round with no count breaks the line (nothing is interpolated).

        census_segments(people.census_series(["UZB"]), "UZB")   # 1926–1939 and 1979–1989; 1959 and 1970 open
    """
    mine = series[series["country_iso3"] == country]
    rounds = list(dict.fromkeys(int(y) for y in mine["year"]))
    by_round = {r: mine.loc[(mine["year"] == r) & mine["counted"], "value"].tolist() for r in rounds}
    return [((a, va), (b, vb)) for a, b in zip(rounds, rounds[1:]) for va in by_round[a] for vb in by_round[b]]


@chart
def census(countries=None, years=None) -> Chart:
    """Koreans counted in each state by census round (Soviet republics joined to their successors), one panel per
    state, with estimates as hollow markers; a line joins only counts of consecutive rounds held.

        census(countries=["KAZ", "UZB", "TJK"], years=(1926, 2021))
    """
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go

    codes = check_countries(countries)
    years = check_years(years, ALL_YEARS)
    series = people.census_series(codes, years)
    counts = people.census(codes, years)
    estimates = people.estimates(codes, years)
    if counts.empty and estimates.empty:
        return no_data("census-series", "census counts or estimates of Koreans", codes, years)
    names, colours = style.country_labels(), style.country_colours()
    dep_year = people.deportation_year()
    show_deportation = years[0] <= dep_year <= years[1]
    xlim = _limits(years, CENSUS_LIMITS, 6)
    ticks = CENSUS_TICKS if xlim == CENSUS_LIMITS else None  # a narrower window keeps matplotlib's own ticks

    nrows, ncols = grid_shape(len(codes) + 1)
    height = 4.6 if nrows == 2 else 0.9 + 2.0 * nrows
    fig, axes = style.figure("double", height=height, nrows=nrows, ncols=ncols, sharex=True, squeeze=False)
    for ax, c, letter in zip(axes.flat, codes, style.letters(len(codes))):
        colour = colours[c]
        if show_deportation:
            ax.axvline(dep_year, ymin=0.25, color="#999999", linewidth=0.6, linestyle=(0, (3, 2)))
        for (a, va), (b, vb) in census_segments(series, c):
            ax.plot([a, b], [va, vb], color=colour, linewidth=1.2)
        rows = counts[counts["country_iso3"] == c]
        ax.plot(rows["year"], rows["value"], linestyle="none", marker="o", markersize=3.5, color=colour)
        for row in rows[rows["qualifier"].astype(str) != "exact"].itertuples():
            # Right of the point in the first decades, so the label never reaches the y axis.
            # Before the deportation line: centred above the point, between the y axis and the line.
            # Early counts: right of the point, under the rising line; the deportation line starts above them.
            early = row.year < xlim[0] + 0.3 * (xlim[1] - xlim[0])
            ax.annotate(_fmt(row.value, row.qualifier), (row.year, row.value),
                        xytext=(5, 2) if early else (-3, 3), textcoords="offset points",
                        ha="left" if early else "right", va="bottom", fontsize=style.SMALL_FONT)
        mine = series[series["country_iso3"] == c]
        missing = list(dict.fromkeys(int(y) for y, n in zip(mine["year"], mine["counted"]) if not n))
        if mine.empty and not (estimates["country_iso3"] == c).any():
            _empty_panel(ax, tr("no census round or estimate\nin the data"))
        ax.plot(missing, [0] * len(missing), linestyle="none", marker="|", markersize=6, color="#777777",
                clip_on=False)
        for measure, (marker, _) in ESTIMATE_STYLE.items():
            sel = estimates[(estimates["country_iso3"] == c) & (estimates["measure"] == measure)]
            ax.plot(sel["year"], sel["value"], linestyle="none", marker=marker, markersize=4,
                    markerfacecolor="white", markeredgecolor=colour, markeredgewidth=0.9)
        style.panel(ax, letter, names[c])
        ax.set_ylim(bottom=0)
        ax.set_xlim(*xlim)
        if ticks:
            ax.set_xticks(ticks)
            style.census_ticks(ax.xaxis)
        ax.yaxis.set_major_formatter(_thousands(i18n.language()))
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("Koreans (persons)"))
    for i, ax in enumerate(axes.flat):
        if i >= len(codes):
            ax.axis("off")
        elif len(codes) <= i + ncols < nrows * ncols - 1:  # the panel below is empty: keep this one's years
            ax.xaxis.set_tick_params(labelbottom=True)
    legend_ax = axes.flat[-1]
    handles = [plt.Line2D([], [], color="#444444", marker="o", markersize=3.5,
                          label=tr("census count; a line joins\nconsecutive census rounds")),
               plt.Line2D([], [], color="#777777", marker="|", markersize=6, linestyle="none",
                          label=tr("census round held,\nno count in the data"))]
    # the print legend breaks each estimate's words in two lines
    broken = {"estimate": "estimate\n(press, officials)", "official_estimate": "official estimate",
              "overseas_koreans_mofa": "Korean foreign\nministry count"}
    handles += [plt.Line2D([], [], linestyle="none", marker=m, markersize=4, markerfacecolor="white",
                           markeredgecolor="#444444", label=tr(broken[measure]))
                for measure, (m, _) in ESTIMATE_STYLE.items()]
    if show_deportation:
        handles.append(plt.Line2D([], [], color="#999999", linewidth=0.6, linestyle=(0, (3, 2)),
                                  label=tr("deportation, {year}", year=dep_year)))
    legend_ax.legend(handles=handles, loc="center left", fontsize=style.SMALL_FONT, handlelength=1.8, borderaxespad=0,
                     labelspacing=0.8)
    top, bottom = (0.94, 0.1) if nrows == 2 else (1 - 0.3 / height, 0.46 / height)
    fig.subplots_adjust(left=0.1, right=0.99, top=top, bottom=bottom, hspace=0.3, wspace=0.38)

    web = go.Figure()
    for c in codes:
        xs, ys = [], []
        for (a, va), (b, vb) in census_segments(series, c):
            xs += [a, b, None]
            ys += [va, vb, None]
        cues = style.plotly_cues(c)  # the country's dash and symbol, as in print, so greyscale tells them apart
        web.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colours[c], "dash": cues["dash"]},
                                 legendgroup=c, showlegend=False, hoverinfo="skip"))
        rows = counts[counts["country_iso3"] == c]
        if len(rows):
            web.add_trace(go.Scatter(
                x=rows["year"], y=rows["value"], mode="markers", name=tr("{country}, census", country=names[c]),
                legendgroup=c,
                marker={"color": colours[c], "size": 8, "symbol": cues["symbol"]},
                # the territory under its name in the census year: Kazak ASSR (RSFSR) in 1926, Kazakh SSR from 1936
                customdata=np.column_stack([rows["place_name"], [_qualifier(q) for q in rows["qualifier"].astype(str)],
                                            rows["source_id"]]),
                hovertemplate=tr_html("%{customdata[0]} census %{x}: %{y:,.0f} persons (%{customdata[1]})\n"
                                      "source: %{customdata[2]}") + "<extra></extra>"))
        sel = estimates[estimates["country_iso3"] == c]
        if len(sel):
            symbols = {"o": "circle-open", "D": "diamond-open", "^": "triangle-up-open"}
            web.add_trace(go.Scatter(
                x=sel["year"], y=sel["value"], mode="markers", name=tr("{country}, estimates", country=names[c]),
                legendgroup=c,
                marker={"color": colours[c], "size": 9, "line": {"width": 2},
                        "symbol": [symbols[ESTIMATE_STYLE[m][0]] for m in sel["measure"]]},
                customdata=np.column_stack([sel["measure"].astype(str).map(lambda m: tr(ESTIMATE_STYLE[m][1])),
                                            [_qualifier(q) for q in sel["qualifier"].astype(str)],
                                            sel["source_id"]]),
                hovertemplate=tr_html("%{customdata[0]}, %{x}: %{y:,.0f} persons (%{customdata[1]})\n"
                                      "source: %{customdata[2]}") + "<extra></extra>"))
    if show_deportation:
        web.add_vline(x=dep_year, line={"color": "#999999", "dash": "dash", "width": 1})
    web.update_layout(title=tr("Koreans in the Central Asian republics: census counts and estimates"), height=520,
                      xaxis={"title": tr("Year"), "range": list(xlim)},
                      yaxis={"title": tr("Persons"), "rangemode": "tozero"}, legend={"font": {"size": 11}})
    where = tr("each Central Asian republic") if set(codes) == set(FIVE) else country_label(codes)
    drawn = (int(counts["year"].min()), int(counts["year"].max())) if len(counts) else years
    return Chart(name="census-series", width="double", tables=["diaspora", "countries"],
                 sources=list(counts["source_id"]) + list(estimates["source_id"]), figure=fig, interactive=web,
                 caption=tr("Koreans counted in {where} by census round, {first}–{last} (Soviet republics joined to "
                            "their successor states), with estimates as hollow markers; a line joins only consecutive "
                            "rounds.", where=where, first=drawn[0], last=drawn[1]))


# --- Central Asians and Koryo-saram living in Korea -------------------------------------------------------------

PANEL_GROUPS = (("UZB",), ("KAZ",), ("KGZ",), ("TJK",))  # one country a panel: no panel tells them by colour
MEASURE_MARKERS = {"nationals_residing_in_korea": "o", "nationals_residing_in_korea_origin_govt": "o",
                   "nationals_working_in_korea_origin_govt": "^", "undocumented_nationals_in_korea": "s",
                   "estimate": "X", "ethnic_korean_returnees_in_korea": "o"}
SIDE_STYLE = {"Korean official": ("", "solid", "Korean official count (filled, solid line):"),
              "origin government": ("-open", "dash", "Origin-government figure (hollow, dashed line):"),
              "press or other estimate": ("-open", "dot", "Press or other estimate (hollow):")}
SHAPE = {"o": "circle", "s": "square", "^": "triangle-up", "X": "x"}
COUNTS = {"nationals_residing_in_korea": "residents", "nationals_residing_in_korea_origin_govt": "residents",
          "nationals_working_in_korea_origin_govt": "workers", "undocumented_nationals_in_korea": "undocumented",
          "estimate": "residents, press estimate", "ethnic_korean_returnees_in_korea": "Koryo-saram living in Korea"}
IN_KOREA_LIMITS = (2005.5, 2026)
RETURNEES_TITLE = "Koryo-saram (ethnic Koreans)"


def _runs(rows):
    """Runs of points drawn joined: one source and measure over consecutive years; every other point alone."""
    for _, group in rows.groupby(["source_id", "measure"], observed=True):
        group = group.sort_values("year")
        if group["year"].is_unique and len(group) > 1:
            for _, part in group.groupby((group["year"].astype("int64").diff() != 1).cumsum()):
                yield part, True
        else:
            for k in range(len(group)):
                yield group.iloc[[k]], False


@chart
def in_korea(countries=None, years=None, groups=PANEL_GROUPS) -> Chart:
    """Central Asian nationals living in Korea, one panel per group of countries (Korean official counts filled,
    origin-government figures hollow), and the Koryo-saram living in Korea in a last panel; lines only within one
    source and measure over consecutive years.

        in_korea(countries=["KGZ", "TJK"], years=(2010, 2025))

    `groups` sets which countries share a panel; a country asked for that is in no group gets a panel of its own
    when it has rows. A country with no figure has no panel.
    """
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    codes = check_countries(countries)
    years = check_years(years, ALL_YEARS)
    rows_in_korea = people.in_korea(codes, years)
    returnees = people.returnees(codes, years, union=_soviet(codes))
    if rows_in_korea.empty and returnees.empty:
        return no_data("nationals-in-korea", "counts of Central Asians living in Korea", codes, years)
    sources = load("sources").set_index("source_id")
    names, colours = style.country_labels(), style.country_colours()
    have = set(rows_in_korea["place"])
    wanted = [tuple(c for c in group if c in codes and c in have) for group in groups]
    wanted += [(c,) for c in codes if c in have and not any(c in g for g in groups)]
    wanted = [g for g in wanted if g]
    returnee_places = list(dict.fromkeys(["SUN"] + [c for c in codes if c in set(returnees["place"])]))
    returnee_places = [c for c in returnee_places if c in set(returnees["place"])]
    # all in Korea; English names the nationals by demonym, Korean and Russian by the country's name
    english = i18n.language() == "en"
    titles = [tr("{countries} nationals", countries=_and(DEMONYMS.get(c, names[c]) if english else names[c]
                                                         for c in g)) for g in wanted]
    if returnee_places:
        titles.append(tr(RETURNEES_TITLE))
    titles = [f"({chr(97 + i)}) {t}" for i, t in enumerate(titles)]
    several = len(returnee_places) > 1
    xlim = _limits(years, IN_KOREA_LIMITS, 1)

    def draw(ax, rows, colour):
        """Markers for every row; lines only within one source and measure over consecutive years."""
        for part, joined in _runs(rows):
            if joined and len(part) > 1:
                ax.plot(part["year"], part["value"], color=colour, linewidth=1,
                        linestyle="-" if part["side"].iloc[0] == "Korean official" else "--")
        for row in rows.itertuples():
            hollow = row.side != "Korean official"
            marker = MEASURE_MARKERS[row.measure]
            ax.plot(row.year, row.value, linestyle="none", marker=marker, markersize=4 if marker != "X" else 4.5,
                    markeredgecolor=colour, markerfacecolor="white" if hollow else colour, markeredgewidth=0.9)

    nrows, ncols = grid_shape(len(titles), columns=3)
    height = 4.8 if nrows == 2 else 1.3 + 2.0 * nrows
    fig, axes = style.figure("double", height=height, nrows=nrows, ncols=ncols, squeeze=False)
    flat = list(axes.flat)
    for ax, group, title in zip(flat, wanted, titles):
        for c in group:
            draw(ax, rows_in_korea[rows_in_korea["place"] == c], colours[c])
        ax.set_title(title, loc="left")
    if returnee_places:
        ax = flat[len(wanted)]
        for c in returnee_places:
            mine = returnees[returnees["place"] == c]
            draw(ax, mine, colours[c])
            if several:  # several places share the panel: each is named at its last point, not by colour alone
                last = mine.sort_values("year").iloc[-1]
                ax.annotate(tr("former USSR") if c == "SUN" else names[c], (last["year"], last["value"]),
                            xytext=(4, 0), textcoords="offset points", va="center", fontsize=style.SMALL_FONT)
        ax.set_title(titles[-1], loc="left")
    for ax in flat[:len(titles)]:
        ax.set_ylim(bottom=0)
        ax.set_xlim(*xlim)
        ax.set_xticks(style.year_ticks(int(np.ceil(xlim[0])), int(xlim[1])))
        ax.yaxis.set_major_formatter(_thousands(i18n.language()))
    for ax in flat[len(titles):]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("Persons"))
    grey = "#444444"
    legend = [plt.Line2D([], [], color=grey, marker="o", markersize=4, label=tr("Korean official count (filled)")),
              plt.Line2D([], [], color=grey, marker="o", markersize=4, markerfacecolor="white", linestyle="--",
                         label=tr("origin-government figure (hollow)")),
              plt.Line2D([], [], color=grey, marker="o", markersize=4, linestyle="none", label=tr("residents")),
              plt.Line2D([], [], color=grey, marker="s", markersize=4, linestyle="none", label=tr("undocumented")),
              plt.Line2D([], [], color=grey, marker="^", markersize=4, linestyle="none", label=tr("workers")),
              plt.Line2D([], [], color=grey, marker="X", markersize=4.5, linestyle="none", markerfacecolor="white",
                         label=tr("press estimate"))]
    drawn = list(dict.fromkeys([c for g in wanted for c in g] + returnee_places))
    legend += [plt.Line2D([], [], color=colours[c], linewidth=3,
                          label=names[c] if c != "SUN" else tr("former USSR, all"))
               for c in drawn]
    fig.legend(handles=legend, loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.01), fontsize=style.SMALL_FONT,
               handlelength=1.6, columnspacing=1.0)
    top, bottom = (0.95, 0.2) if nrows == 2 else (1 - 0.3 / height, 0.96 / height)
    fig.subplots_adjust(left=0.1, right=0.98, top=top, bottom=bottom, hspace=0.35, wspace=0.32)

    def add_side(rows, name, colour, side, group, group_title, rank, where):
        """One trace for one country and one kind of count: markers, joined only within a run, gaps as None."""
        fill, dash, _ = SIDE_STYLE[side]
        x, y, symbol, custom = [], [], [], []
        for part, _ in _runs(rows):
            for r in part.itertuples():
                x.append(r.year)
                y.append(r.value)
                symbol.append(SHAPE[MEASURE_MARKERS[r.measure]] + fill)
                weak = " " + tr("(weak source)") if sources.loc[r.source_id, "weak"] else ""
                custom.append([html.escape(_fmt(r.value, r.qualifier)), tr(COUNTS[r.measure]),
                               r.date_iso if isinstance(r.date_iso, str) else str(r.year),
                               f"{html.escape(people.source_label(r.source_id, sources=sources))}{weak} · "
                               f"{r.source_id}", _wrap(r.notes)])
            x.append(None)
            y.append(None)
            symbol.append("circle")
            custom.append([""] * 5)
        web.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers", name=name, legendgroup=group, legendgrouptitle={"text": group_title},
            legendrank=rank,
            line={"color": colour, "dash": dash, "width": 1.5}, connectgaps=False,
            marker={"symbol": symbol, "size": 9, "color": colour, "line": {"width": 1.5, "color": colour}},
            customdata=custom,
            hovertemplate=tr_html("{country} · %{customdata[1]}\n%{customdata[2]}: %{customdata[0]} persons\n"
                                  "{side}\nsource: %{customdata[3]}\n%{customdata[4]}", country=f"<b>{name}</b>",
                                  side=tr(side)) + "<extra></extra>"), **where)

    order = list(style.COUNTRY_ORDER)
    web = make_subplots(rows=nrows, cols=ncols, subplot_titles=titles, vertical_spacing=0.14,
                        horizontal_spacing=0.09)
    for i, group in enumerate(wanted):
        for c in group:
            for side, (_, _, group_title) in SIDE_STYLE.items():
                rows = rows_in_korea[(rows_in_korea["place"] == c) & (rows_in_korea["side"] == side)]
                if len(rows):
                    add_side(rows, names[c], colours[c], side, side, tr(group_title),
                             100 * list(SIDE_STYLE).index(side) + (order.index(c) if c in order else len(order)),
                             {"row": i // ncols + 1, "col": i % ncols + 1})
    k = len(wanted)
    for j, c in enumerate(returnee_places):
        add_side(returnees[returnees["place"] == c], tr("former USSR, all") if c == "SUN" else names[c], colours[c],
                 "Korean official", "returnees", tr("Koryo-saram living in Korea, panel {panel}:",
                                                    panel=f"({chr(97 + k)})"),
                 400 + j, {"row": k // ncols + 1, "col": k % ncols + 1})
    web.update_layout(
        title={"text": tr("Central Asian nationals and Koryo-saram living in Korea"),
               "subtitle": {"text": tr("● residents  ■ undocumented  ▲ workers  ✕ press estimate · filled: Korean "
                                       "official count · hollow: origin-government figure")}, "x": 0},
        height=860 if nrows == 2 else 480, hovermode="closest", margin={"t": 100},
        legend={"groupclick": "toggleitem", "orientation": "h", "y": -0.08, "x": 0, "font": {"size": 11}})
    web.update_xaxes(range=list(xlim), dtick=4)
    web.update_yaxes(rangemode="tozero", tickformat=",")
    web.update_yaxes(title_text=tr("Persons"), col=1)
    return Chart(name="nationals-in-korea", width="double", tables=["diaspora"],
                 sources=list(rows_in_korea["source_id"]) + list(returnees["source_id"]), figure=fig,
                 interactive=web,
                 caption=tr("Central Asian nationals and ethnic-Korean returnees living in Korea: Korean official "
                            "counts filled, origin-government figures hollow; lines only within one source over "
                            "consecutive years."))


# --- visitors ---------------------------------------------------------------------------------------------------

VISIT_PANELS = (("visitors_to_korea", "(a) Central Asians visiting Korea", "visitors to Korea"),
                ("visitors_from_korea", "(b) Visitors from Korea", "visitors from Korea"))
VISIT_LIMITS = (2013.8, 2027.6)
VISIT_DATES = ("2013-10-01", "2027-07-01")


def _month_start(x):
    """A fractional year (year + months/12) as the first day of that month."""
    months = int(round(x * 12))
    return pd.Timestamp(months // 12, months % 12 + 1, 1)


def _or_list(names):
    return names[0] if len(names) == 1 else tr("{names} or {last}", names=", ".join(names[:-1]), last=names[-1])


def _months(months: str) -> str:
    """A count's months as people.flows writes them ('Jan–Mar', 'Jan'), in the figures' language ('1월–3월')."""
    if i18n.language() == "en":
        return months
    words = {"Jan": tr("Jan"), "Feb": tr("Feb"), "Mar": tr("Mar"), "Apr": tr("Apr"), "May": tr("May"),
             "Jun": tr("Jun"), "Jul": tr("Jul"), "Aug": tr("Aug"), "Sep": tr("Sep"), "Oct": tr("Oct"),
             "Nov": tr("Nov"), "Dec": tr("Dec")}
    parts = months.split("–")
    if not all(part in words for part in parts):
        raise i18n.UntranslatedText(f"the months {months!r} of a visitor count cannot be written in "
                                    f"{i18n.language()}: only Jan–Dec ranges are known")
    return "–".join(words[part] for part in parts)


@chart
def visitors(countries=None, years=None) -> Chart:
    """Visitors between Korea and each state: every count drawn over the stretch of time it covers (thick: a full
    year; thin with end ticks: the months of a part-year count); counts are never joined or summed.

        visitors(countries=["KAZ", "UZB"], years=(2014, 2026))

    A count whose months cannot be told (a part-year count whose notes do not name them) cannot be placed and is
    left out of the drawing; `series.people.flows` lists it.
    """
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    codes = check_countries(countries)
    years = check_years(years, ALL_YEARS)
    flows = people.flows(codes, years, measures=people.VISIT_MEASURES)
    flows = flows[flows["start"].notna()]
    if flows.empty:
        return no_data("visitors", "visitor counts", codes, years)
    sources = load("sources").set_index("source_id")
    names, colours = style.country_labels(), style.country_colours()
    places = [c for c in codes if c in set(flows["place"])]
    where = _or_list([names[c] for c in places])
    xlim = _limits(years, VISIT_LIMITS, 2)

    fig, axes = style.figure("double", height=3.8, ncols=2, sharey=False)
    axes_pt = (3.46 * 72, 3.8 * 0.6 * 72)  # each panel's size in points, for placing the labels
    for ax, (measure, title, _) in zip(axes, VISIT_PANELS):
        title = title[:4] + tr(title[4:])
        rows = flows[flows["measure"] == measure]
        top = rows["value"].max() * 1.15 if len(rows) else 1
        per_year, per_unit = axes_pt[0] / (xlim[1] - xlim[0]), axes_pt[1] / top  # points per year, per person
        placed = [(r["start"] - 0.1, r["end"] + 0.1, r["value"] - 3 / per_unit, r["value"] + 3 / per_unit)
                  for _, r in rows.iterrows()]  # the drawn segments, with their end ticks

        def free(box):
            if box[0] < xlim[0] or box[1] > xlim[1] or box[2] < 0 or box[3] > top:
                return False
            return not any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in placed)

        for c in places:
            colour = colours[c]
            for _, row in rows[rows["place"] == c].sort_values("value", ascending=False).iterrows():
                x0, x1 = row["start"], row["end"]
                full = row["period"] == "year"
                ax.plot([x0, x1], [row["value"]] * 2, color=colour, linewidth=3 if full else 1.2,
                        solid_capstyle="butt", marker=None if full else "|", markersize=5,
                        linestyle=style.LINE_STYLES.get(c, "-") if not full else "-")
                text = _fmt(row["value"], row["qualifier"])
                width, half = (len(text) * 4.4 + 5) / per_year, 4.5 / per_unit
                # Right of the segment, else left of it, else above or below it: the first place that is free.
                options = [("right", (x1 + 0.12, x1 + width, row["value"] - half, row["value"] + half)),
                           ("left", (x0 - width, x0 - 0.12, row["value"] - half, row["value"] + half)),
                           ("above", ((x0 + x1 - width) / 2, (x0 + x1 + width) / 2, row["value"] + 1.5 * half,
                                      row["value"] + 3.5 * half)),
                           ("below", ((x0 + x1 - width) / 2, (x0 + x1 + width) / 2, row["value"] - 3.5 * half,
                                      row["value"] - 1.5 * half))]
                side, box = next((o for o in options if free(o[1])), options[0])
                placed.append(box)
                at = {"right": ((x1, row["value"]), (4, 0), "left", "center"),
                      "left": ((x0, row["value"]), (-4, 0), "right", "center"),
                      "above": (((x0 + x1) / 2, row["value"]), (0, 4), "center", "bottom"),
                      "below": (((x0 + x1) / 2, row["value"]), (0, -4), "center", "top")}[side]
                ax.annotate(text, at[0], xytext=at[1], textcoords="offset points", ha=at[2], va=at[3],
                            fontsize=style.SMALL_FONT, color="#333333")
        ax.set_title(title, loc="left")
        if len(rows):
            ax.set_ylim(0, rows["value"].max() * 1.15)
        else:
            _empty_panel(ax)
        ax.set_xlim(*xlim)
        ax.set_xticks(style.year_ticks(int(np.ceil(xlim[0])), int(xlim[1])))
        ax.yaxis.set_major_formatter(_thousands(i18n.language()))
    axes[0].set_ylabel(tr("Persons"))
    handles = [plt.Line2D([], [], color=colours[c], linewidth=w, marker=m, markersize=5,
                          label=tr("{country}, {period}", country=names[c], period=what),
                          linestyle=style.LINE_STYLES.get(c, "-") if m else "-")
               for c in places
               for w, m, what in ((3, None, tr("full year")), (1.2, "|", tr("part of a year (its months)")))]
    fig.legend(handles=handles, loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.02))
    fig.subplots_adjust(left=0.09, right=0.97, top=0.94, bottom=0.3, wspace=0.22)

    full_style = {True: (tr("full year"), 7), False: (tr("part of a year"), 2.5)}
    web = make_subplots(rows=1, cols=2, subplot_titles=[p[1][:4] + tr(p[1][4:]) for p in VISIT_PANELS],
                        horizontal_spacing=0.09)
    shown = set()
    for i, (measure, _, what) in enumerate(VISIT_PANELS):
        rows = flows[flows["measure"] == measure]
        for c in places:
            for full, (period_label, width) in full_style.items():
                sel = rows[(rows["place"] == c) & ((rows["period"] == "year") == full)]
                if not len(sel):
                    continue
                x, y, size, custom = [], [], [], []
                for _, row in sel.iterrows():
                    x0, x1 = row["start"], row["end"]
                    when = (tr("full year {year}", year=row["year"]) if full else
                            tr("{months} {year} only", months=_months(row["months"]), year=row["year"]))
                    weak = " " + tr("(weak source)") if sources.loc[row["source_id"], "weak"] else ""
                    label = people.source_label(row["source_id"], sources=sources)
                    point = [html.escape(_fmt(row["value"], row["qualifier"])), when,
                             f"{html.escape(label)}{weak} · {row['source_id']}"]
                    x += [_month_start(x0), _month_start((x0 + x1) / 2), _month_start(x1), None]
                    y += [row["value"]] * 3 + [None]
                    size += [0 if full else 12, 0, 0 if full else 12, 0]
                    custom += [point] * 3 + [["", "", ""]]
                key = (c, full)
                web.add_trace(go.Scatter(
                    x=x, y=y, mode="lines+markers", name=tr("{country}, {period}", country=names[c],
                                                            period=period_label), legendgroup=str(key),
                    showlegend=key not in shown, line={"color": colours[c], "width": width}, connectgaps=False,
                    marker={"symbol": "line-ns-open", "size": size, "color": colours[c], "line": {"width": 2}},
                    customdata=custom,
                    hovertemplate=tr_html("{country} · {what}\n%{customdata[0]} persons, %{customdata[1]}\n"
                                          "source: %{customdata[2]}", country=f"<b>{names[c]}</b>", what=tr(what))
                    + "<extra></extra>"), row=1, col=i + 1)
                # the labels as a trace of their own: text on a trace with gaps can vanish when plotly redraws
                web.add_trace(go.Scatter(
                    x=x[1::4], y=y[1::4], mode="text",
                    text=[html.escape(_fmt(v, q)) for v, q in zip(sel["value"], sel["qualifier"])],
                    textposition="top center", textfont={"size": 10, "color": "#333333"}, legendgroup=str(key),
                    showlegend=False, hoverinfo="skip"), row=1, col=i + 1)
                shown.add(key)
    dates = VISIT_DATES if xlim == VISIT_LIMITS else (str(_month_start(xlim[0]).date()),
                                                        str(_month_start(xlim[1]).date()))
    web.update_layout(title={"text": tr("Visitors between Korea and {where}: each count over the time it covers",
                                        where=where), "x": 0},
                      height=460, hovermode="closest", legend={"orientation": "h", "y": -0.15, "x": 0})
    web.update_xaxes(range=list(dates), dtick="M24", tickformat="%Y")
    web.update_yaxes(rangemode="tozero", tickformat=",")
    web.update_yaxes(title_text=tr("Persons"), col=1)
    return Chart(name="visitors", width="double", tables=["diaspora"], sources=list(flows["source_id"]),
                 figure=fig, interactive=web,
                 caption=tr("Visitors between Korea and {where}: each count drawn over the stretch of time it "
                            "covers (thick: a full year; thin: part of a year); counts are never joined.",
                            where=where))
