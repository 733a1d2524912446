"""Charts of policy stages: the stages on a timeline with the events in each, partnership levels as steps, Table 1's
soft-power tools by audience, and what changed between the stages. Each function returns a `Chart` with the print
figure and the interactive figure drawn from the same series.

    from korea_central_asia.charts import stages as stage_charts
    nb.show(stage_charts.timeline(["KAZ", "UZB"], years=(1990, 2025), starts=(1992, 2004, 2012)))
    nb.show(stage_charts.partnership_steps(["KAZ", "UZB", "KGZ"], years=(1992, 2025)))
    nb.show(stage_charts.effectiveness())
    nb.show(stage_charts.comparison(["KGZ", "TJK"], years=(2000, 2015), starts=(1992, 2004, 2012)))

Charts about the five republics draw the republics among the countries asked for (Afghanistan is not part of the
policy the stages describe); rows about the five together (CA5, e.g. Cooperation Forum sessions) are drawn with any
of them. Stages follow `starts` (None: the boundaries the stages' text draws) and are shaded only where they meet `years`.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .. import style
from ..i18n import language, tr, tr_html
from ..series import check_years
from ..series import stages as series
from . import Chart, chart, no_data, unique_sources

GROUP = "CA5"
GROUP_COLOUR = "#555555"
BANDS = ("#F2F2F2", "#E3EEF7", "#F7EDE3")  # stage 1, 2, 3 (then again from the first)
TIMELINE_ROWS = {  # event type -> row label in the timeline, from top to bottom
    "education_centre_opened": "Korean education centre",
    "cultural_centre_opened": "Cultural centre",
    "sejong_institute_opened": "King Sejong Institute",
    "koica_office_opened": "KOICA office",
    "forum": "Cooperation Forum",
    "partnership_upgrade": "Partnership upgrade",
    "state_visit": "State visit / summit",
    "summit": "State visit / summit",
}
ROW_ORDER = list(dict.fromkeys(TIMELINE_ROWS.values()))
# Rows the print timeline labels, when they are in the selection: (event type, country, date as written, text;
# "{year}" is the row's year), and how: "arrow" (a leader line above right) or "below" (a note just under it).
TIMELINE_NOTES = (
    ("cultural_centre_opened", "KAZ", "2010-03-04", "first Korean Cultural\nCenter (Astana), {year}", "arrow"),
    ("education_centre_opened", "KAZ", "1991-08-22", "Almaty, {year}", "below"),
)
HEAT = ["#DCE9F5", "#7FB2D9", "#1F5E99"]  # Medium, Medium-High, High
TRADE_BLUE = "#1F5E99"
VISIT_GREY = "#555555"
INSTITUTION_GREYS = dict(zip(series.INSTITUTION_TYPES, ["#BBBBBB", "#777777", "#333333", "#E8E8E8"]))
INSTITUTION_HATCHES = dict(zip(series.INSTITUTION_TYPES, ["//", "", "..", "xx"]))  # greys alone are too close
INSTITUTION_PATTERNS = dict(zip(series.INSTITUTION_TYPES, ["/", "", ".", "x"]))


def _band(stage: int) -> str:
    return BANDS[(int(stage) - 1) % len(BANDS)]


def _redrawn(table: pd.DataFrame) -> bool:
    return bool((table["boundaries"] == "redrawn").any())


def _stage_words(table: pd.DataFrame) -> str:
    """'the three stages of Nishonova (n.d.)' (the author of the stages, from sources.csv), or where the redrawn
    stages start."""
    if _redrawn(table):
        return tr("stages starting {starts}", starts=_starts(table))
    return tr("the three stages of {author}", author=_stage_author(table))


def _stage_author(table: pd.DataFrame) -> str:
    """Who drew the stages, cited by author and year from the stage rows' source."""
    cited = list(dict.fromkeys(style.cite(s) for s in table["source_id"].dropna()))
    if not cited:
        return tr("the source")
    return cited[0] if len(cited) == 1 else tr("{names} and {last}", names=", ".join(cited[:-1]), last=cited[-1])


def _starts(table: pd.DataFrame) -> str:
    return ", ".join(str(int(y)) for y in table["start_year"])


def _generic(stage) -> bool:
    return stage.name == f"Stage {stage.stage}"


def _stage_name(stage) -> str:
    """A stage's name in the figures' language: the source's names are keys of figure_text.csv; a redrawn stage
    without a name is 'Stage 4'."""
    return tr("Stage {n}", n=stage.stage) if _generic(stage) else tr(stage.name)


def _row_label(row: str, html: bool = False) -> str:
    """A timeline row (ROW_ORDER, English for the lesson's tables) as the figure draws it (`html`: for plotly)."""
    return tr_html(row) if html else tr(row)


def _short_span(span: str) -> str:
    """'1992–1999' -> '1992–99', '1998–2004' -> '1998–04' (for many stages side by side)."""
    first, _, last = str(span).partition("–")
    return f"{first}–{last[2:]}" if last else str(span)


def _span(stage, x0: pd.Timestamp, x1: pd.Timestamp):
    """The part of a stage inside [x0, x1) as (start, end) dates, or None."""
    start = pd.Timestamp(f"{stage.start_year}-01-01")
    end = x1 if pd.isna(stage.end_year) else pd.Timestamp(f"{stage.end_year}-01-01")
    start, end = max(start, x0), min(end, x1)
    return (start, end) if start < end else None


def _nothing(name: str, what: str, codes, countries, years) -> Chart:
    """'no data for …' naming the selection; a selection without any of the five republics says why."""
    if not codes:
        return no_data(name, f"{what}: the stages concern the five Central Asian republics only", countries, years)
    return no_data(name, what, codes, years)


# --- the stages on a timeline -------------------------------------------------------------------------------------

def timeline_rows(countries=None, years=None, starts=None) -> pd.DataFrame:
    """The rows the timeline draws: institution openings, forum sessions, partnership upgrades, state visits and
    summits of the republics among `countries` and of the five together, with `stage`, `row` (its line in the
    chart), `y`, `open` (disputed or weak source) and `country` (the successor state's code, or CA5).

        timeline_rows(["KAZ", "UZB"], (1990, 2025), starts=(1992, 2004, 2012))
    """
    codes = series.republics(countries)
    names = style.country_labels()
    order = ROW_ORDER
    staged = series.staged_events(codes + [GROUP] if codes else [], years, starts, types=list(TIMELINE_ROWS)).copy()
    staged["country"] = staged["successor_iso3"]
    staged["row"] = staged["event_type"].map(TIMELINE_ROWS)
    staged["y"] = staged["row"].map({r: -i for i, r in enumerate(order)})
    staged["open"] = staged["conflict"] | staged["weak"]
    staged["country_name"] = staged["country"].map(lambda c: names[c] if c != GROUP else "Central Asia (five)")
    return staged


@chart
def timeline(countries=None, years=None, starts=None, notes=TIMELINE_NOTES) -> Chart:
    """The stages as shaded bands with the events in each on one line per kind; open markers: disputed or weak.

        timeline(["KAZ", "UZB", "KGZ", "TJK", "TKM"], years=(1990, 2025), starts=(1992, 2004, 2012))
    """
    import plotly.graph_objects as go

    first, last = check_years(years)
    codes = series.republics(countries)
    staged = timeline_rows(codes, (first, last), starts)
    if not codes or staged.empty:
        return _nothing("stages-timeline", "stage timeline", codes, countries, (first, last))
    table = series.stages(starts)
    names = style.country_labels()
    colours = {**style.country_colours(), GROUP: GROUP_COLOUR}
    order = ROW_ORDER
    x0, x1 = pd.Timestamp(f"{first}-01-01"), pd.Timestamp(f"{last + 1}-01-01")

    fig = go.Figure()
    for s in table.itertuples():
        span = _span(s, x0, x1)
        if span:
            fig.add_vrect(x0=span[0], x1=span[1], fillcolor=_band(s.stage), line_width=0, layer="below",
                          annotation_text=f"{s.stage} · {_stage_name(s)}", annotation_position="top left")
    for country, part in staged.groupby("country", sort=False):
        symbol = style.plotly_cues(country)["symbol"]
        fig.add_trace(go.Scatter(
            x=part["date"], y=part["y"], mode="markers",
            name=names[country] if country != GROUP else tr("Central Asia (five)"),
            marker={"color": colours[country], "size": 10, "line": {"color": colours[country], "width": 1.5},
                    "symbol": [f"{symbol}-open" if o else symbol for o in part["open"]]},
            customdata=part[["label", "date_iso", "source_id", "notes"]].fillna(""),
            hovertemplate=tr_html("%{customdata[0]}\ndate: %{customdata[1]}\nsource: %{customdata[2]}\n"
                                  "%{customdata[3]}") + "<extra>%{fullData.name}</extra>"))
    fig.update_yaxes(tickvals=[-i for i in range(len(order))], ticktext=[_row_label(r, html=True) for r in order],
                     range=[-len(order) + 0.4, 0.8])
    fig.update_xaxes(range=[x0, x1], rangeslider={"visible": True})
    title = (tr("Stages starting {starts} and the events in each (open: disputed or weak source)",
                starts=_starts(table)) if _redrawn(table)
             else tr("The three stages of {author} and the events in each (open: disputed or weak source)",
                     author=_stage_author(table)))
    fig.update_layout(title=title, height=560, legend={"orientation": "h", "y": -0.35})

    printed = _timeline_print(staged, table, codes, order, colours, names, x0, x1, notes)
    caption = (tr("Stages redrawn to start in {starts} (half-open intervals) with institution openings, forum "
                  "sessions, partnership upgrades and state visits; open markers: disputed or weak source.",
                  starts=_starts(table)) if _redrawn(table)
               else tr("The policy stages of {author} (half-open intervals) with institution openings, forum "
                       "sessions, partnership upgrades and state visits; open markers: disputed or weak source.",
                       author=_stage_author(table)))
    return Chart(name="stages-timeline", caption=caption, tables=["events", "policy_stages", "sources"],
                 sources=unique_sources(staged["source_id"], table["source_id"]), figure=printed, interactive=fig,
                 width="double")


def _timeline_print(staged, table, codes, order, colours, names, x0, x1, notes):
    fig, ax = style.figure("double", height=3.3)
    for s in table.itertuples():
        span = _span(s, x0, x1)
        if span:
            ax.axvspan(span[0], span[1], color=_band(s.stage), zorder=0, linewidth=0)
            label = (tr("stage {n}", n=s.stage) if _generic(s)
                     else f"{s.stage} · {_stage_name(s).replace(' ', chr(10), 1)}")
            ax.text(span[0] + pd.Timedelta(days=90), 0.75, label, fontsize=7, va="center", fontweight="bold")
    staged = staged.copy()
    jitter = staged.groupby(["row", "year"]).cumcount()  # markers in the same row and year sit side by side
    staged["x"] = staged["date"] + pd.to_timedelta(jitter * 45, unit="D")
    for country in codes + [GROUP]:
        part = staged[staged["country"] == country]
        marker = style.MARKERS.get(country, "o")  # each country its marker, so the rows read in greyscale
        for is_open, p in part.groupby("open"):
            ax.scatter(p["x"], p["y"], s=16, marker=marker, facecolors="white" if is_open else colours[country],
                       edgecolors=colours[country], linewidths=0.8, zorder=3,
                       label=(names[country] if country != GROUP else tr("all five")) if not is_open else None)
        if not (~part["open"]).any():
            ax.scatter([], [], s=16, marker=marker, color=colours[country],
                       label=names[country] if country != GROUP else tr("all five"))
    ax.scatter([], [], s=16, facecolors="white", edgecolors="#444444", label=tr("open: disputed or weak source"))
    for event_type, country, date_iso, text, how in notes or ():
        hit = staged[(staged["event_type"] == event_type) & (staged["country"] == country)
                     & (staged["date_iso"] == date_iso)]
        if hit.empty:
            continue
        row = hit.iloc[0]
        label = tr(text, year=row["year"])
        if how == "arrow":
            ax.annotate(label, (row["date"], row["y"]), xytext=(row["date"] + pd.Timedelta(days=500), row["y"] + 0.45),
                        fontsize=style.SMALL_FONT, arrowprops={"arrowstyle": "-", "linewidth": 0.6, "color": "#444444"},
                        va="center")
        else:
            ax.annotate(label, (row["date"], -order.index(TIMELINE_ROWS[event_type])), xytext=(3, -9),
                        textcoords="offset points", fontsize=style.SMALL_FONT)
    ax.set_yticks([-i for i in range(len(order))], [_row_label(r) for r in order])
    ax.set_ylim(-len(order) + 0.4, 1.2)
    ax.set_xlim(x0, x1)
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.42, -0.09), handletextpad=0.1, columnspacing=0.8)
    _five_year_dates(ax)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.97, bottom=0.24)
    style.room_for_row_names(fig, ax)
    return fig


def _five_year_dates(ax) -> None:
    """Year ticks on a date axis at multiples of 5, as the print convention has them."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def _step_dates(st, start, end) -> pd.Series:
    """A country's step dates with the window's two ends as fresh dates, as the chart was first drawn: a country
    with no level change then had its dates at microsecond resolution, which the HTML writes with six decimals."""
    return pd.Series([start, *st["date"].iloc[1:-1], end])


# --- partnership levels ---------------------------------------------------------------------------------------------

@chart
def partnership_steps(countries=None, years=None, starts=None) -> Chart:
    """Each republic's named partnership level as a step line on the ordinal scale (0 none … 4 special strategic),
    from the first stage's start (or the first year asked for, if later) to the end of `years`; solid: the
    preferred dating; dashed: another source's dating of the same level; shading: the stages.

        partnership_steps(["KAZ", "UZB", "KGZ", "TJK", "TKM"], years=(1990, 2025))
    """
    import plotly.graph_objects as go

    first, last = check_years(years)
    codes = series.republics(countries)
    table = series.stages(starts)
    first = max(first, int(table["start_year"].iloc[0]))
    if not codes or first > last:
        return _nothing("partnership-steps", "partnership levels", codes, countries, (first, last))
    start, end = pd.Timestamp(f"{first}-01-01"), pd.Timestamp(f"{last + 1}-01-01")
    levels = series.partnership_levels(codes, (first, last))
    steps = series.level_steps(codes, (first, last))
    alternatives = levels[levels["dating"].isin(["earlier", "later"])].assign(
        date_main=lambda f: f["preferred_date"].where(f["preferred_date"] < end, end))
    names = style.country_labels()
    colours = style.country_colours()
    offset = {c: (i - (len(codes) - 1) / 2) * 0.06 for i, c in enumerate(codes)}  # keeps equal levels apart
    ticks = [f"{k} {tr(v)}" for k, v in series.LEVEL_NAMES.items()]
    html_ticks = [f"{k} {tr_html(v)}" for k, v in series.LEVEL_NAMES.items()]

    fig = go.Figure()
    for c in codes:
        st = steps[steps["country_iso3"] == c]
        fig.add_trace(go.Scatter(x=_step_dates(st, start, end), y=st["rank"] + offset[c], mode="lines+markers",
                                 line_shape="hv",
                                 name=names[c], line={"color": colours[c], "width": 3},
                                 customdata=st[["level", "date_iso", "source_id"]].assign(level=st["level"].map(tr)),
                                 hovertemplate=tr_html("{country}: %{customdata[0]}\nfrom %{customdata[1]}\n"
                                                       "source: %{customdata[2]}", country=names[c])
                                 + "<extra></extra>"))
    for r in alternatives.itertuples():
        fig.add_trace(go.Scatter(x=[r.date, r.date, r.date_main],
                                 y=np.array([r.rank_before, r.rank, r.rank]) + offset[r.country_iso3],
                                 mode="lines+markers",
                                 line={"color": colours[r.country_iso3], "dash": "dash", "width": 2},
                                 name=tr("{country}: other dating", country=names[r.country_iso3]),
                                 customdata=[[tr(r.level), r.date_iso, r.source_id, r.notes]] * 3,
                                 hovertemplate=tr_html("%{customdata[0]} dated %{customdata[1]}\n"
                                                       "source: %{customdata[2]}\n%{customdata[3]}")
                                 + "<extra></extra>"))
    fig.update_yaxes(tickvals=list(series.LEVEL_NAMES), ticktext=html_ticks, range=[-0.3, 4.4])
    fig.update_layout(title=tr("Named partnership levels with Korea (dashed: another source's dating)"),
                      height=450)

    printed, ax = style.figure("double", height=2.5)
    for s in table.itertuples():
        span = _span(s, start, end)
        if span:
            ax.axvspan(span[0], span[1], color=_band(s.stage), zorder=0, linewidth=0)
            ax.text(span[0] + pd.Timedelta(days=90), 4.3, tr("stage {n}", n=s.stage), fontsize=style.SMALL_FONT,
                    color="#555555", va="center")
    for c in codes:
        st = steps[steps["country_iso3"] == c]
        kw = style.line_kwargs(c)
        ax.step(st["date"], st["rank"] + offset[c], where="post", color=kw["color"], linewidth=1.4,
                label=kw["label"], zorder=3)
        ax.scatter(st["date"].iloc[1:-1], (st["rank"] + offset[c]).iloc[1:-1], color=kw["color"],
                   marker=kw["marker"], s=12, zorder=4)
    for k, r in enumerate(alternatives.sort_values("date").itertuples()):
        ax.plot([r.date, r.date, r.date_main], np.array([r.rank_before, r.rank, r.rank]) + offset[r.country_iso3],
                color=colours[r.country_iso3], linestyle=(0, (2, 1.5)), linewidth=1.0, zorder=2)
        ax.annotate(tr("{year} or {other}", year=f"{r.date:%Y}", other=f"{r.preferred_date:%Y}"), (r.date, r.rank + offset[r.country_iso3]),
                    xytext=(-3, -9) if k % 2 == 0 else (2, 4), textcoords="offset points", fontsize=style.SMALL_FONT,
                    ha="right" if k % 2 == 0 else "left", color=colours[r.country_iso3])
    if len(alternatives):
        ax.plot([], [], color="#444444", linestyle=(0, (2, 1.5)), linewidth=1.0, label=tr("other dating"))
    ax.set_yticks(list(series.LEVEL_NAMES), ticks)
    ax.set_ylim(-0.35, 4.45)
    ax.set_xlim(start, end)
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.6), ncol=1, fontsize=style.SMALL_FONT)
    _five_year_dates(ax)
    printed.subplots_adjust(left=0.17, right=0.98, top=0.97, bottom=0.15)
    words = _stage_words(table)
    return Chart(name="partnership-steps", width="double", figure=printed, interactive=fig,
                 caption=tr("Partnership level per country on the project's ordinal scale; solid: the preferred "
                            "dating; dashed: another source's dating of the same level; shading: {stages}.",
                            stages=words),
                 tables=["partnerships", "policy_stages", "sources"],
                 sources=unique_sources(levels["source_id"], steps["source_id"]))


# --- Table 1: tools by audience ----------------------------------------------------------------------------------

@chart
def effectiveness() -> Chart:
    """Table 1 of the stages' text as a table figure: a row per soft-power tool (highest rated first), a column per
    audience it names, each cell giving (and shaded by) the author's rating of the tool.

        effectiveness()
    """
    import plotly.graph_objects as go

    ratings = series.tool_ratings()
    tools = ratings.drop_duplicates("tool")
    order = list(ratings["effectiveness"].cat.categories)
    audiences = list(dict.fromkeys(ratings["audience"]))
    tool_order = list(tools.sort_values("effectiveness", ascending=False)["tool"])
    grid = (ratings.pivot_table(index="tool", columns="audience", values="rating", aggfunc="max")
            .reindex(index=tool_order, columns=audiences))
    lookup = tools.set_index("tool")
    # Tools, audiences and ratings are Table 1's own words, drawn as the chart's categories: keys of figure_text.csv;
    # the examples and reasons a hover quotes stay as the table has them.
    # A translation may break a long word for the print table's narrow cells (written "-\n"); the interactive
    # figure has the room to write it on one line.
    printed_words = {"tool": {t: tr(t) for t in tool_order}, "audience": {a: tr(a) for a in audiences}}
    shown = {kind: {k: _one_line(v) for k, v in words.items()} for kind, words in printed_words.items()}
    shown["rating"] = {r: tr(r) for r in order}
    hover = [[tr_html("{tool}\naudience: {audience}\neffectiveness: {rating}\nexamples: {examples}\nwhy: {why}\n"
                      "source: {source}", tool=shown["tool"][t], audience=shown["audience"][a],
                      rating=shown["rating"][lookup.loc[t, "effectiveness"]], examples=lookup.loc[t, "examples"],
                      why=lookup.loc[t, "effectiveness_reason"], source=lookup.loc[t, "source_id"])
              if pd.notna(grid.loc[t, a]) else "" for a in audiences]
             for t in tool_order]
    order = [shown["rating"][r] for r in order]
    text = [[order[int(v) - 1] if pd.notna(v) else "" for v in grid.loc[t]] for t in tool_order]
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[shown["audience"][a] for a in audiences], y=[shown["tool"][t] for t in tool_order],
        zmin=0.5, zmax=3.5, text=text, texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", xgap=3, ygap=3,
        colorscale=[[0, HEAT[0]], [1 / 3, HEAT[0]], [1 / 3, HEAT[1]], [2 / 3, HEAT[1]], [2 / 3, HEAT[2]],
                    [1, HEAT[2]]],
        colorbar={"tickvals": [1, 2, 3], "ticktext": order, "title": tr("rated")}))
    fig.update_yaxes(autorange="reversed")
    author = style.cite(tools["source_id"].iloc[0]) if len(tools) else tr("the source")
    fig.update_layout(title=tr("Table 1 of {author}: soft-power tools, audiences and rated effectiveness",
                               author=author), height=380)

    # Four rated rows read better as a table than as a heatmap: the rating is written in each cell (and shaded).
    printed, ax = style.figure("double", height=2.1)
    ax.axis("off")
    cells = [[_cell_words(order[int(v) - 1]) if pd.notna(v) else "–" for v in grid.loc[t]] for t in tool_order]
    colours = [[HEAT[int(v) - 1] if pd.notna(v) else "#FFFFFF" for v in grid.loc[t]] for t in tool_order]
    table = ax.table(cellText=cells, cellColours=colours, rowLabels=[printed_words["tool"][t] for t in tool_order],
                     colLabels=["\n".join(textwrap.fill(part, 13, break_long_words=False)
                                          for part in printed_words["audience"][a].split("\n")) for a in audiences],
                     cellLoc="center", rowLoc="right", bbox=[0.24, 0.0, 0.76, 1.0])
    table.auto_set_font_size(False)
    table.set_fontsize(style.SMALL_FONT)
    for (r, c), cell in table.get_celld().items():
        cell.set_edgecolor("#FFFFFF" if r > 0 and c >= 0 else "#BBBBBB")
        cell.set_linewidth(0.8)
        if r == 0:
            cell.set_height(cell.get_height() * 1.6)
            cell.set_facecolor("#FFFFFF")
        if c == -1:
            cell.set_facecolor("#FFFFFF")
        if r > 0 and c >= 0 and cells[r - 1][c] == _cell_words(order[-1]):
            cell.get_text().set_color("white")
    printed.subplots_adjust(left=0.01, right=0.99, top=0.97, bottom=0.03)
    return Chart(name="effectiveness-table", width="double", figure=printed, interactive=fig,
                 caption=tr("The four soft-power tools of Table 1 in {author} by target audience, with the "
                            "author's effectiveness rating of each tool ({order}; – : audience not named for the "
                            "tool).", author=author, order=" < ".join(order)),
                 alt=tr("A table of four soft-power tools (rows) by target audience (columns), each cell giving "
                        "{author}'s rating of the tool: Medium, Medium-High or High.", author=author),
                 tables=["soft_power_tools"], sources=unique_sources(tools["source_id"]))


def _clear_of_legend(ax, legend, x, y) -> None:
    """Raise the panel's top when its legend's words (longer in Russian) would run into a partner-reported
    marker; a legend clear of the markers leaves the panel as it is."""
    renderer = ax.figure.canvas.get_renderer()
    box = legend.get_window_extent(renderer).padded(4)
    points = [ax.transData.transform((i, v)) for i, v in zip(x, y) if pd.notna(v)]
    if any(box.contains(*point) for point in points):
        low, high = ax.get_ylim()
        ax.set_ylim(low, high * 1.35)


def _one_line(text: str) -> str:
    """A label broken for print ("Специа-\nлисты", "Деловые\nкруги") on one line again."""
    return text.replace("-\n", "").replace("\n", " ")


def _cell_words(rating: str) -> str:
    """A rating in a narrow table cell: broken after its hyphen (Medium-\nHigh), else at its first space."""
    return rating.replace("-", "-\n") if "-" in rating else rating.replace(" ", "\n", 1)


# --- what changed between the stages -------------------------------------------------------------------------------

@chart
def comparison(countries=None, years=None, starts=None) -> Chart:
    """Three panels per stage for the republics among `countries`: mean annual trade (IMF DOTS, Korea-reported
    bars, partner-reported diamonds), visits and summits per year, and institution openings by kind.

        comparison(["KAZ", "UZB", "KGZ", "TJK", "TKM"], years=(1990, 2025), starts=(1992, 2004, 2012))
    """
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from ..series import relations, trade

    first, last = check_years(years)
    codes = series.republics(countries)
    table = series.stages(starts)
    frame = series.compare(codes, (first, last), starts) if codes else pd.DataFrame()
    if frame.empty:
        return _nothing("stage-comparison", "stage comparison", codes, countries, (first, last))
    frame = frame.set_index("stage")
    frame["trade_mean_bn_kor"] = frame["trade_mean_usd_kor"] / 1e9
    frame["trade_mean_bn_partner"] = frame["trade_mean_usd_partner"] / 1e9
    trade_years = frame["trade_years_kor"].fillna(tr("no trade data"))
    dots_last = trade.dots_last_year(codes, (first, last))
    trade_to = tr("to {year}", year=dots_last) if dots_last else tr("no DOTS data")
    names = {s: tr("Stage {n}", n=s) if name == f"Stage {s}" else tr(name) for s, name in frame["name"].items()}
    labels = [f"{s} {names[s]}" for s in frame.index]
    institutions = list(series.INSTITUTION_TYPES)
    # the partners' DOTS ids, shortened in English (imf-dots-kaz/-uzb); elsewhere each id in full, so that no
    # fragment of an id reads as an English word
    partner_ids = ("imf-dots-" + "/-".join(c.lower() for c in codes) if language() == "en"
                   else "/".join(f"imf-dots-{c.lower()}" for c in codes))

    fig = make_subplots(rows=1, cols=3, subplot_titles=(
        tr("Trade, USD bn per year (DOTS, {to})", to=trade_to), tr("Visits and summits per year"),
        tr("Institutions opened")))
    fig.add_trace(go.Bar(x=labels, y=frame["trade_mean_bn_kor"], name=tr("trade, Korea-reported"),
                         marker_color=TRADE_BLUE,
                         customdata=np.stack([frame["trade_years_kor"], frame["trade_cells_missing_kor"]], axis=-1),
                         hovertemplate=tr_html("%{x}\nUSD %{y:.2f} bn per year, Korea-reported\nyears "
                                               "%{customdata[0]}, missing cells %{customdata[1]}\nsource: "
                                               "imf-dots-kor") + "<extra></extra>"), 1, 1)
    fig.add_trace(go.Scatter(x=labels, y=frame["trade_mean_bn_partner"], mode="markers",
                             name=tr("trade, partner-reported"),
                             marker={"symbol": "diamond-open", "size": 12, "color": "#000000", "line": {"width": 2}},
                             customdata=np.stack([frame["trade_years_partner"], frame["trade_cells_missing_partner"]],
                                                 axis=-1),
                             hovertemplate=tr_html("%{x}\nUSD %{y:.2f} bn per year, partner-reported\nyears "
                                                   "%{customdata[0]}, missing cells %{customdata[1]}\nsource: {ids}",
                                                   ids=partner_ids) + "<extra></extra>"), 1, 1)
    fig.add_trace(go.Bar(x=labels, y=frame["visits_per_year"], name=tr("visits per year"), marker_color=VISIT_GREY,
                         customdata=frame[["visits", "event_years"]],
                         hovertemplate=tr_html("%{x}\n%{y:.2f} per year (%{customdata[0]} in %{customdata[1]})\n"
                                               "source: events table, one source per row") + "<extra></extra>"), 1, 2)
    for t in institutions:
        fig.add_trace(go.Bar(x=labels, y=frame[t], name=tr(t.replace("_opened", "").replace("_", " ")),
                             marker={"color": INSTITUTION_GREYS[t], "pattern": {"shape": INSTITUTION_PATTERNS[t]}},
                             customdata=frame[["event_years"]],
                             hovertemplate=tr_html("%{x}: %{y} {kind} rows (%{customdata[0]})\nsource: events table",
                                                   kind=tr(t.replace("_", " "))) + "<extra></extra>"), 1, 3)
    fig.update_layout(barmode="stack", title=tr("What changed between the stages"), height=460,
                      legend={"orientation": "h", "y": -0.25})

    printed, axes = style.figure("double", height=2.5, ncols=3)
    x = np.arange(len(frame))
    many = len(frame) > 3
    short = [f"{s}" if many or name == f"Stage {s}" else f"{s}\n{names[s].split()[0]}"
             for s, name in zip(frame.index, frame["name"])]
    ax = axes[0]
    ax.bar(x, frame["trade_mean_bn_kor"], color=TRADE_BLUE, width=0.6, label=tr("Korea-reported"))
    ax.scatter(x, frame["trade_mean_bn_partner"], marker="D", facecolors="white", edgecolors="#000000", s=16,
               zorder=3, label=tr("partner-reported"))
    style.panel(ax, "a", tr("Trade, USD bn a year"))
    if frame["trade_mean_bn_kor"].isna().all() and frame["trade_mean_bn_partner"].isna().all():
        ax.set_ylim(0, 1)  # nothing to draw: an empty panel, not an axis around zero
    key = ax.legend(loc="upper left")
    ax = axes[1]
    ax.bar(x, frame["visits_per_year"], color=VISIT_GREY, width=0.6)
    for i, r in enumerate(frame.itertuples()):
        ax.text(i, r.visits_per_year + 0.05, tr("{n} visits", n=r.visits), ha="center", va="bottom", fontsize=style.SMALL_FONT)
    ax.set_ylim(0, max(frame["visits_per_year"].max(), 0.1) * 1.35)
    style.panel(ax, "b", tr("Visits and summits a year"))
    ax = axes[2]
    bottom = np.zeros(len(frame))
    for t in institutions:
        ax.bar(x, frame[t], bottom=bottom, color=INSTITUTION_GREYS[t], width=0.6, hatch=INSTITUTION_HATCHES[t],
               edgecolor="#FFFFFF" if INSTITUTION_GREYS[t] == "#333333" else "#222222", linewidth=0.3,
               label=tr(t.replace("_opened", "").replace("_", " ").replace("sejong institute", "King Sejong Inst.")
                        .replace("koica", "KOICA")))
        bottom += frame[t].values
    style.panel(ax, "c", tr("Institutions opened"))
    ax.legend(loc="upper left", fontsize=style.SMALL_FONT)
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    for ax, spans in zip(axes, [trade_years, frame["event_years"], frame["event_years"]]):
        spans = [_short_span(y) for y in spans] if many else list(spans)
        ax.set_xticks(x, [f"{lab}\n{y}" for lab, y in zip(short, spans)], fontsize=style.SMALL_FONT)
        ax.grid(axis="x", visible=False)
    printed.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.25, wspace=0.35)
    _clear_of_legend(axes[0], key, x, frame["trade_mean_bn_partner"])

    # Sources in the order the figure's source line names them: the trade figures, then visits and openings.
    flows = [trade.annual(codes, (first, last), reporter=side, flows=trade.FLOWS, source="imf")["source_id"]
             for side in ("KOR", "partner")]
    visits = relations.visits(codes, (first, last))["source_id"]
    opened = relations.events(codes, (first, last), series.INSTITUTION_TYPES)["source_id"]
    return Chart(name="stage-comparison", width="double", figure=printed, interactive=fig,
                 caption=tr("Per stage: mean annual Korea–Central Asia trade (IMF DOTS, Korea- and "
                            "partner-reported, {to}), visits and summits per year, and institution openings.",
                            to=trade_to),
                 tables=["trade", "events", "policy_stages"],
                 sources=unique_sources(*flows, visits, opened, table["source_id"]))
