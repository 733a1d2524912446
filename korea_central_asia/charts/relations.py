"""Charts of dated events between Korea and its partners: a timeline of key events, visits and summits per year,
the lag from relations to embassies, and the Cooperation Forum's sessions. Each returns a `Chart` holding the print
figure and the interactive figure, both made from one series of `korea_central_asia.series.relations`.

    from korea_central_asia.charts import relations as relations_charts
    nb.show(relations_charts.visits_per_year(["KAZ", "UZB"], (1992, 2025)))
    nb.show(relations_charts.timeline(["KGZ", "TJK"], (1990, 2024), print_from=1990))

A chart lays itself out for the countries asked for (one row or group per country, none dropped); an empty
selection returns `no_data(...)`. Open or pale marks are conflicting or weak-source readings, drawn, not dropped.
"""
from __future__ import annotations

import functools

import pandas as pd

from .. import style
from ..i18n import tr, tr_html
from ..series import check_countries, check_years, relations
from . import Chart, chart, no_data, unique_sources

ALL_YEARS = (1900, 2100)
GROUP_NAME = "Forum (all five)"
CATEGORY_LOOK = {  # marker, colour, offset inside the country's row
    "Relations established": ("o", "#000000", 0.22), "Recognition by the ROK": ("o", "#888888", 0.22),
    "Relations severed": ("X", "#777777", 0.22), "Relations restored": ("s", "#000000", 0.22),
    "ROK embassy or mission": ("^", "#000000", 0.0),
    "Partner's embassy in Seoul": ("v", "#555555", 0.0), "Leader visit": ("*", "#333333", -0.22),
    "Forum session": ("D", "#999999", 0.0),
}
# The off-scale note per category (one template each, so a translator can place the year).
SHORT_NOTE = {"Relations established": "established {year}", "Recognition by the ROK": "recognised {year}",
              "Relations severed": "severed {year}", "Relations restored": "restored {year}",
              "ROK embassy or mission": "ROK embassy {year}", "Partner's embassy in Seoul": "embassy in Seoul {year}",
              "Leader visit": "visit {year}", "Forum session": "forum {year}"}
# Dates as the figures write them, one key per month (Russian declines some months after a day: 5 марта, март).
DAY_DATES = ("{day} Jan {year}", "{day} Feb {year}", "{day} Mar {year}", "{day} Apr {year}", "{day} May {year}",
             "{day} Jun {year}", "{day} Jul {year}", "{day} Aug {year}", "{day} Sep {year}", "{day} Oct {year}",
             "{day} Nov {year}", "{day} Dec {year}")
MONTH_DATES = ("Jan {year}", "Feb {year}", "Mar {year}", "Apr {year}", "May {year}", "Jun {year}", "Jul {year}",
               "Aug {year}", "Sep {year}", "Oct {year}", "Nov {year}", "Dec {year}")
# Words of the plotly hovers that plotly express makes from column names.
HOVER_WORDS = ("label", "date", "source", "notes", "kind", "country", "year", "direction", "value", "unit")
SYMBOLS = {"o": "circle", "X": "x", "s": "square", "^": "triangle-up", "v": "triangle-down", "*": "star",
           "D": "diamond"}
# Each country keeps its hatch (style.HATCHES); a visit dated two ways is drawn hollow, a weak-only one pale.
MARKING_STYLE = {relations.SINGLE: {}, relations.TWO_YEARS: {"fill": False}, relations.WEAK_ONLY: {"alpha": 0.35}}


def date_words(date, precision: str = "day", zero_padded: bool = False) -> str:
    """A date in the figures' language, as precise as its source gives it: '28 Jan 1992', 'Jan 1992', '1973'
    in English, '1992년 1월 28일' in Korean, '28 янв. 1992 г.' in Russian.

        date_words(pd.Timestamp("1990-09-30"), zero_padded=True)   # -> '30 Sep 1990'
    """
    if precision == "day":
        return tr(DAY_DATES[date.month - 1], day=f"{date.day:02d}" if zero_padded else date.day, year=date.year)
    if precision == "month":
        return tr(MONTH_DATES[date.month - 1], year=date.year)
    return str(int(date.year))


def _hover_labels(**labels) -> dict:
    """plotly express labels: the hover words in the figures' language (English keeps the column names)."""
    return {**{word: tr(word) for word in HOVER_WORDS}, **labels}


def _fraction(fraction: float, base_height: float, height: float, from_top: bool = False) -> float:
    """A subplots_adjust fraction that keeps the same margin in inches as `fraction` had at `base_height`."""
    if height == base_height:
        return fraction
    margin = (1 - fraction if from_top else fraction) * base_height / height
    return 1 - margin if from_top else margin


def _joined(values) -> str:
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else tr("{names} and {last}", names=", ".join(values[:-1]), last=values[-1])


def _cities(cities: str) -> str:
    """The forum's host cities ('Jeju or Seoul', as `relations.forum_sessions` joins them) in the figures' language."""
    names = [tr(city) for city in cities.split(" or ")]
    return functools.reduce(lambda a, b: tr("{first} or {second}", first=a, second=b), names)


def _five_year_dates(ax) -> None:
    """Year ticks on a date axis at multiples of 5, as the print convention has them."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


@chart
def timeline(countries=None, years=None, print_from: int | None = None, data=None) -> Chart:
    """Key events on one row per country (relations, recognition, embassies in both directions, leader visits)
    and forum sessions on a row of their own; a dashed line marks the USSR–ROK normalisation.

        timeline(["KAZ", "UZB", "AFG"], (1973, 2025), print_from=1987)

    The interactive chart holds every event in `years`. The print figure starts on 1 January of `print_from`
    (default: the first year) and lists the earlier events of each row as an "off scale" note at its left edge.
    Open markers: a conflicting or weak-source reading.
    """
    codes = check_countries(countries)
    rows = relations.timeline(codes, years, data=data)
    if rows.empty:
        return no_data("timeline", "key events", codes, years)
    first, last = check_years(years, (int(rows["year"].min()), int(rows["year"].max())))
    names = style.country_labels()
    order = codes + ([relations.GROUP] if relations.republics(codes) else [])
    row_names = {**{c: names.get(c, c) for c in codes}, relations.GROUP: tr(GROUP_NAME)}
    rows = rows.assign(y=rows["row"].map({c: -i for i, c in enumerate(order)})
                       + rows["category"].map({k: v[2] for k, v in CATEGORY_LOOK.items()}))
    ussr = relations.normalisation_date(data=data)
    start, end = pd.Timestamp(f"{max(first, print_from or first)}-01-01"), pd.Timestamp(f"{last + 1}-01-01")
    bottom_row = round(-(len(order) - 1) - 0.5, 2)
    interactive = _timeline_interactive(rows, order, row_names, ussr if ussr is not None
                                        and first <= ussr.year <= last else None, bottom_row)
    figure = _timeline_print(rows, order, row_names, codes, start, end,
                             ussr if ussr is not None and start <= ussr <= end else None, bottom_row, data)
    return Chart(name="timeline", width="double", figure=figure, interactive=interactive,
                 caption=tr("Relations, embassies in both directions, leader visits and forum sessions per "
                            "country; open markers are rows another source dates differently or that rest on a weak "
                            "source."),
                 tables=["events", "sources"], sources=unique_sources(rows["source_id"]))


def _timeline_interactive(rows, order, row_names, ussr, bottom_row):
    import plotly.graph_objects as go

    fig = go.Figure()
    for cat, (marker, colour, _) in CATEGORY_LOOK.items():
        part = rows[rows["category"] == cat]
        symbol = [SYMBOLS[marker] + ("-open" if d else "") for d in part["disputed"]]
        fig.add_trace(go.Scatter(
            x=part["date"], y=part["y"], mode="markers", name=tr(cat),
            marker={"symbol": symbol, "color": colour, "size": 11, "line": {"width": 1.5, "color": colour}},
            customdata=part[["label", "date_iso", "source_id", "notes"]].fillna(""),
            hovertemplate=tr_html("%{customdata[0]}\ndate: %{customdata[1]}\nsource: %{customdata[2]}\n"
                                  "%{customdata[3]}") + "<extra>" + tr(cat) + "</extra>"))
    if ussr is not None:
        fig.add_vline(x=ussr, line_dash="dash", line_color="#666666")
        fig.add_annotation(x=ussr, y=0.6, text=tr("USSR–ROK relations, {date}", date=date_words(ussr, zero_padded=True)),
                           showarrow=False,
                           xanchor="right", font={"size": 11})
    fig.update_yaxes(tickvals=[-i for i in range(len(order))], ticktext=[row_names[c] for c in order],
                     range=[round(bottom_row - 0.1, 2), 0.9])
    fig.update_xaxes(rangeslider={"visible": True}, title=tr("date"))
    fig.update_layout(title=tr("Key events in Korea's relations with Central Asia and Afghanistan (open: disputed "
                               "or weak)"), height=560, legend={"orientation": "h", "y": -0.35})
    return fig


def _timeline_print(rows, order, row_names, codes, start, end, ussr, bottom_row, data):
    height = max(2.6, 0.62 * len(order))
    fig, ax = style.figure("double", height=height)
    for cat, (marker, colour, _) in CATEGORY_LOOK.items():
        for disputed, part in rows[(rows["category"] == cat) & (rows["date"] >= start)].groupby("disputed"):
            ax.scatter(part["date"], part["y"], marker=marker, s=26 if marker == "*" else 16, linewidths=0.8,
                       facecolors="none" if disputed else colour, edgecolors=colour, zorder=3,
                       label=tr(cat) if not disputed else None)
    if ussr is not None:
        # The note sits above the top row, inside the axes, left of the line: clear of the y axis and of the line.
        ax.axvline(ussr, color="#666666", linestyle="--", linewidth=0.8, label=tr("USSR–ROK relations"))
        ax.annotate(tr("USSR–ROK relations {year}", year=ussr.year), (ussr, 0.62), xytext=(3, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=style.SMALL_FONT, color="#444444")
    offset = CATEGORY_LOOK["Leader visit"][2]
    ypos = {c: -i for i, c in enumerate(order)}
    for r in relations.first_visits(codes, data=data).itertuples():
        if start <= r.date < end:
            left = (r.date - start) / (end - start) > 0.9  # near the right edge the label goes to the left
            # Under the marker (va top), so the row's later visit stars stay clear of it.
            ax.annotate(tr("first visit {year}", year=f"{r.date:%Y}"), (r.date, ypos[r.row] + offset), xytext=(-4 if left else 4, -4),
                        textcoords="offset points", fontsize=style.SMALL_FONT, color="#333333", va="top",
                        ha="right" if left else "left")
    # Events before the print range are named under the row's name, outside the axes, clear of every mark.
    off_scale = rows[rows["date"] < start].sort_values("date")
    row_labels = dict(row_names)
    for row in [c for c in order if c in set(off_scale["row"])]:
        notes = [tr(SHORT_NOTE[r.category], year=r.year) for r in off_scale[off_scale["row"] == row].itertuples()]
        row_labels[row] = tr("{row}\nbefore {year}:\n{events}", row=row_names[row], year=start.year,
                             events="\n".join(notes))
    ax.set_yticks([-i for i in range(len(order))], [row_labels[c] for c in order])
    ax.set_ylim(bottom_row, 0.8)
    ax.set_xlim(start, end)
    ax.grid(axis="y", visible=False)
    # Row separators as minor grid lines: a background rule, not a mark a label must avoid.
    ax.set_yticks([-i - 0.5 for i in range(len(order))], minor=True)
    ax.tick_params(axis="y", which="minor", length=0)
    ax.grid(axis="y", which="minor", visible=True, color="#EEEEEE", linewidth=0.6)
    ax.scatter([], [], marker="o", facecolors="none", edgecolors="#444444", s=16,
               label=tr("open: disputed or weak source"))
    top, bottom = _fraction(0.93, 3.5, height, from_top=True), _fraction(0.27, 3.5, height)
    # The legend hangs the same distance below the axis whatever the figure's height.
    below = -0.1 if height == 3.5 else -0.1 * (0.93 - 0.27) * 3.5 / ((top - bottom) * height)
    ax.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.45, below), handletextpad=0.2, columnspacing=1.0)
    _five_year_dates(ax)
    fig.subplots_adjust(left=0.19, right=0.98, top=top, bottom=bottom)
    return fig


@chart
def visits_per_year(countries=None, years=None, types=relations.VISIT_TYPES, data=None) -> Chart:
    """State visits, official visits and summits per year, stacked by country: hatched where sources give two
    years for one visit (both are drawn), pale where a visit rests on a weak source only.

        visits_per_year(["KAZ", "UZB", "KGZ", "TJK", "TKM"], (1992, 2025))

    The axis runs from the first to the last year with a visit inside `years`; a year without a bar has no
    recorded visit.
    """
    import matplotlib.pyplot as plt
    import plotly.express as px

    codes = check_countries(countries)
    visits = relations.visits(codes, years, types, data=data)
    if visits.empty:
        return no_data("visits-per-year", "visits and summits", codes, years)
    names, colours = style.country_labels(), style.country_colours()
    span = list(range(int(visits["year"].min()), int(visits["year"].max()) + 1))
    visits = visits.assign(country=visits["successor_iso3"].map(names),
                           kind=visits["event_type"].astype(str).str.replace("_", " ").map(tr))
    title = tr("State visits, official visits and summits per year")
    interactive = px.bar(visits.assign(n=1), x="year", y="n", color="country", pattern_shape="country",
                         color_discrete_map=style.plotly_colour_map(),
                         category_orders={"country": [names[c] for c in codes]},
                         pattern_shape_map={names[c]: style.plotly_cues(c)["pattern"] for c in codes},
                         hover_data={"label": True, "date_iso": True, "kind": True, "source_id": True, "n": False,
                                     "year": False, "marking": False},
                         labels=_hover_labels(n=tr("visits and summits"), date_iso=tr("date"),
                                              source_id=tr("source")), title=title)
    interactive.update_layout(bargap=0.15, legend_title_text="")
    interactive.update_xaxes(range=[round(span[0] - 0.6, 1), span[-1] + 0.6], dtick=2)

    fig, ax = style.figure("double", height=2.6)
    bottom = pd.Series(0, index=span)
    for c in codes:
        for marking, look in MARKING_STYLE.items():
            counts = visits[(visits["successor_iso3"] == c) & (visits["marking"] == marking)].groupby("year").size()
            counts = counts.reindex(span, fill_value=0)  # row counts: no row means no recorded visit
            drawn = counts > 0  # a zero-height bar would still draw its edge as a stray line
            cue = style.bar_kwargs(c)
            if marking == relations.TWO_YEARS:
                cue["edgecolor"] = colours[c]
            cue["label"] = names[c] if marking == relations.SINGLE else None
            ax.bar(counts.index[drawn], counts[drawn], bottom=bottom[drawn], width=0.8, **{**cue, "linewidth": 0.5},
                   **look)
            bottom += counts
    ax.bar([0], [0], edgecolor="#444444", fill=False, linewidth=0.8, label=tr(relations.TWO_YEARS))
    ax.bar([0], [0], color="#444444", alpha=0.35, label=tr(relations.WEAK_ONLY))
    ax.set_xlim(round(span[0] - 0.7, 1), span[-1] + 0.7)
    ax.set_ylabel(tr("visits and summits"))
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    if len(span) < 12:  # a short span: whole years only (a long one gets them anyway)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)
    ax.set_ylim(0, bottom.max() + 0.8)
    ax.legend(ncol=4, loc="upper left")
    fig.subplots_adjust(left=0.07, right=0.99, top=0.97, bottom=0.12)
    return Chart(name="visits-per-year", width="double", figure=fig, interactive=interactive,
                 caption=tr("State visits, official visits and summits per year and country; hatched: one of two "
                            "years sources give for the same visit; pale: weak source only."),
                 tables=["events", "sources"], sources=unique_sources(visits["source_id"]))


@chart
def embassy_lag(countries=None, years=None, data=None) -> Chart:
    """Calendar years from relations to each year a source gives for the ROK's first embassy or mission in each
    country (filled dots, a line joining conflicting years) and for the partner's embassy in Seoul (open dots).

        embassy_lag(["KAZ", "UZB", "KGZ", "TJK", "TKM"])

    Lags are counted in calendar years because many openings are known only to the year; relations are dated by
    the earliest year any source gives.
    """
    import plotly.express as px

    codes = check_countries(countries)
    emb = relations.embassies(codes, years, data=data)
    if emb.empty:
        return no_data("embassy-lag", "embassy openings", codes, years)
    names, colours = style.country_labels(), style.country_colours()
    emb = emb.assign(country=emb["successor_iso3"].map(names))
    since = ", ".join(str(y) for y in sorted(set(emb["relations_year"].dropna())))
    rok = relations.ROK_SIDE
    sides = {rok: tr(rok), relations.PARTNER_SIDE: tr(relations.PARTNER_SIDE)}
    rok_lag = (emb[emb["direction"] == rok].groupby("successor_iso3")["lag_years"].agg(["min", "max"])
               .reindex(codes))
    interactive = px.scatter(emb.assign(direction=emb["direction"].map(sides)), x="lag_years", y="country",
                             symbol="direction", color="country", color_discrete_map=style.plotly_colour_map(),
                             symbol_map={sides[rok]: "circle", sides[relations.PARTNER_SIDE]: "circle-open"},
                             category_orders={"country": [names[c] for c in codes]},
                             hover_data={"label": True, "date_iso": True, "source_id": True, "notes": True,
                                         "lag_years": True, "country": False, "direction": False},
                             labels=_hover_labels(lag_years=tr("years after relations ({years})", years=since),
                                                  date_iso=tr("date"), source_id=tr("source")),
                             title=tr("Years from relations ({years}) to embassies in both directions", years=since))
    interactive.update_traces(marker={"size": 12, "line": {"width": 2}})
    for c, r in rok_lag.iterrows():
        if r["max"] > r["min"]:
            interactive.add_shape(type="line", x0=r["min"], x1=r["max"], y0=names[c], y1=names[c],
                                  line={"color": colours[c], "width": 3}, layer="below")

    height = max(1.8, round(0.62 * len(codes), 2))
    fig, ax = style.figure("single", height=height)
    ypos = {c: -i for i, c in enumerate(codes)}
    for c in codes:
        here = emb[emb["successor_iso3"] == c]
        own, partner = here[here["direction"] == rok], here[here["direction"] == relations.PARTNER_SIDE]
        y = ypos[c]
        if len(own):
            ax.plot([own["lag_years"].min(), own["lag_years"].max()], [y + 0.17] * 2, color=colours[c],
                    linewidth=2, solid_capstyle="round")
            ax.scatter(own["lag_years"].unique(), [y + 0.17] * own["lag_years"].nunique(), color=colours[c], s=18,
                       zorder=3)
            ax.text(own["lag_years"].max() + 0.6, y + 0.17, "–".join(str(v) for v in sorted(own["year"].unique())),
                    fontsize=style.SMALL_FONT, va="center", color=colours[c])
        if len(partner):
            ax.scatter(partner["lag_years"].unique(), [y - 0.19] * partner["lag_years"].nunique(),
                       facecolors="white", edgecolors=colours[c], s=18, zorder=3)
            ax.text(partner["lag_years"].max() + 0.6, y - 0.19,
                    "–".join(str(v) for v in sorted(partner["year"].unique())), fontsize=style.SMALL_FONT, va="center",
                    color="#555555")
    ax.scatter([], [], color="#444444", s=18, label=tr("ROK embassy/mission opens"))
    ax.scatter([], [], facecolors="white", edgecolors="#444444", s=18, label=tr("partner's embassy in Seoul"))
    ax.set_yticks(list(ypos.values()), [names[c] for c in codes])
    ax.set_ylim(round(-(len(codes) - 1) - 0.5, 2), 0.5)
    ax.set_xlim(-1, int(emb["lag_years"].max()) + 6)
    ax.set_xlabel(tr("calendar years after relations ({years})", years=since))
    ax.grid(axis="y", visible=False)
    top, bottom = 1 - 0.08 / height, 0.95 / height  # margins in inches: the legend hangs under the axis label
    ax.legend(loc="upper left", bbox_to_anchor=(-0.3, -0.42 / ((top - bottom) * height)), ncol=1,
              fontsize=style.SMALL_FONT, handletextpad=0.2, borderaxespad=0)
    fig.subplots_adjust(left=0.24, right=0.97, top=top, bottom=bottom)
    style.room_for_row_names(fig, ax)
    return Chart(name="embassy-lag", figure=fig, interactive=interactive,
                 caption=tr("Calendar years from relations ({years}) to the first ROK embassy or mission in each "
                            "country (filled; a line joins conflicting years) and to the partner's embassy in Seoul "
                            "(open).", years=since),
                 tables=["events", "sources"], sources=unique_sources(emb["source_id"]))


@chart
def forum_sessions(countries=None, years=None, data=None) -> Chart:
    """Sessions of the Korea–Central Asia Cooperation Forum by date, session number and host; open diamonds are
    rows whose notes flag a conflict; a dotted line marks the opening of the permanent secretariat.

        forum_sessions(years=(2007, 2024))

    The forum is of all five republics together: its sessions are drawn whenever one of the five is asked for.
    Sessions missing from the sources are named in the caption, not drawn as a gap in the forum.
    """
    import matplotlib.pyplot as plt
    import plotly.express as px

    codes = check_countries(countries)
    forum = relations.forum(codes, years, data=data)
    if forum.empty:
        return no_data("forum-sessions", "Cooperation Forum sessions", codes, years)
    first, last = check_years(years, ALL_YEARS)
    names, colours = style.country_labels(), style.country_colours()
    sessions = relations.forum_sessions(codes, years, data=data)
    missing = relations.missing_sessions(sessions)
    abroad = sessions[sessions["hosts"] != "KOR"]
    opened = relations.secretariat(data=data)
    opened = opened.loc[opened["year"].between(first, last), "date"]
    opened = opened.iloc[0] if len(opened) else None
    korea = tr("Korea")
    forum = forum.assign(host_name=forum["host"].map(lambda h: korea if h == "KOR" else names.get(h, h)))
    symbols = {(korea if h == "KOR" else names.get(h, h)): style.plotly_cues(h)["symbol"]
               for h in set(forum["host"])}

    def flagged(host):
        return tr("{host}, conflict flagged", host=host)

    interactive = px.scatter(
        forum.assign(look=[flagged(h) if c else h for h, c in zip(forum["host_name"], forum["conflict"])]),
        x="date", y="session", color="host_name", symbol="look",
        symbol_map={**symbols, **{flagged(h): f"{s}-open" for h, s in symbols.items()}},
        color_discrete_map={korea: "#000000", **style.plotly_colour_map()},
        hover_data={"label": True, "date_iso": True, "source_id": True, "notes": True, "value": True,
                    "unit": True, "conflict": False, "host_name": False},
        labels=_hover_labels(host_name=tr("host"), session=tr("session number"), date_iso=tr("date"),
                             source_id=tr("source"), look=tr("look")),
        title=tr("Korea–Central Asia Cooperation Forum sessions (open: sources disagree on date or venue)"))
    interactive.update_traces(marker={"size": 12})
    if opened is not None:
        interactive.add_vline(x=opened, line_dash="dot", line_color="#666666")
        interactive.add_annotation(x=opened, y=2, text=tr("secretariat opens"), showarrow=False, xanchor="left")

    fig, ax = style.figure("single", height=2.8)
    hosts = ["KOR"] + [c for c in relations.republics(None) if c in set(forum["host"])]
    for host in hosts:
        part = forum[forum["host"] == host]
        colour = "#000000" if host == "KOR" else colours[host]
        marker = style.MARKERS.get(host, "D")  # each host its own marker, so the hosts read in greyscale
        for disputed, p in part.groupby("conflict"):
            ax.scatter(p["date"], p["session"], marker=marker, s=18, facecolors="none" if disputed else colour,
                       edgecolors=colour, linewidths=0.8, zorder=3)
        ax.scatter([], [], marker=marker, s=18, color=colour, label=korea if host == "KOR" else names[host])
    for s, r in abroad.iterrows():
        row = forum[forum["session"] == s].iloc[0]
        late = row["date"] > forum["date"].max() - pd.Timedelta(days=3 * 365)  # near the right edge: to the left
        ax.annotate(_cities(r["cities"]), (row["date"], s), xytext=(-4 if late else 4, 3 if late else -4),
                    textcoords="offset points", fontsize=style.SMALL_FONT, ha="right" if late else "left",
                    va="bottom" if late else "center")
    if opened is not None:
        ax.axvline(opened, color="#666666", linestyle=":", linewidth=0.8)
        # Below the sessions, right of the line: the city labels sit above and left of their markers.
        ax.annotate(tr("secretariat opens"), (opened, 0.6), xytext=(3, 0), textcoords="offset points",
                    fontsize=style.SMALL_FONT, color="#444444", va="center")
    ax.scatter([], [], marker="o", facecolors="none", edgecolors="#444444", s=18,
               label=tr("open: conflict flagged"))
    ax.yaxis.set_major_locator(plt.MultipleLocator(4))
    if forum["year"].max() - forum["year"].min() < 8:  # a short span: ticks on whole years
        import matplotlib.dates as mdates

        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        _five_year_dates(ax)
    ax.set_ylabel(tr("session number"))
    ax.set_ylim(0, int(forum["session"].max()) + 1.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.42, -0.17), ncol=3, fontsize=style.SMALL_FONT,
              handletextpad=0.2, columnspacing=0.8)
    fig.subplots_adjust(left=0.15, right=0.95, top=0.97, bottom=0.33)
    if len(missing) > 1:
        caption = tr("Sessions of the Korea–Central Asia Cooperation Forum found in the sources, by date and host; "
                     "sessions {numbers} are missing from the table.", numbers=_joined(missing))
    elif missing:
        caption = tr("Sessions of the Korea–Central Asia Cooperation Forum found in the sources, by date and host; "
                     "session {number} is missing from the table.", number=missing[0])
    else:
        caption = tr("Sessions of the Korea–Central Asia Cooperation Forum found in the sources, by date and host; "
                     "no earlier session is missing from the table.")
    return Chart(name="forum-sessions", figure=fig, interactive=interactive, caption=caption,
                 tables=["events", "sources"], sources=unique_sources(forum["source_id"]))
