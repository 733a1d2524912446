"""Two maps, each as a print figure (matplotlib) and an interactive figure (plotly), drawn from Natural Earth shapes.

    from korea_central_asia.charts import maps
    maps.deportation_map()                                   # 1937: the Soviet Far East to the Kazakh and Uzbek SSRs
    maps.region_map(countries=["KAZ", "UZB", "AFG"])         # the date each country set up relations with Seoul

Geometry: Natural Earth 1:50m country outlines (public domain) as TopoJSON from the npm package world-atlas 2.0.2
(ISC licence), which `make setup` installs into node_modules/; it is read from there at run time, never fetched.
The shapes are projected here (an Albers equal-area conic) and drawn as plain polygons: the interactive maps are
ordinary plotly scatter traces on hidden axes, so plotly's geo base layers, which it downloads from a CDN, are never
used and a page opened from a file makes no request.
"""
from __future__ import annotations

import functools
import json
import math
import textwrap

import numpy as np

from .. import style
from ..data import load
from ..i18n import keep_name, language, tr, tr_html
from ..paths import PROJECT_DIR
from ..series import check_countries, check_years, country_label, people, relations
from . import Chart, chart, no_data

WORLD_ATLAS = PROJECT_DIR / "node_modules" / "world-atlas"
TOPOJSON = "countries-50m.json"

# ISO 3166-1 numeric codes, which world-atlas uses as feature ids.
NUMERIC = {"KAZ": "398", "UZB": "860", "KGZ": "417", "TJK": "762", "TKM": "795", "AFG": "004", "RUS": "643",
           "CHN": "156", "MNG": "496", "IRN": "364", "PAK": "586", "IND": "356", "KOR": "410", "PRK": "408",
           "JPN": "392", "AZE": "031", "GEO": "268", "ARM": "051", "TUR": "792", "IRQ": "368", "NPL": "524"}
CONTEXT_FILL, CONTEXT_EDGE, WATER = "#EEEEEE", "#FFFFFF", "#FFFFFF"
NEUTRAL = "#999999"
# 43°06′54″N 131°53′07″E as the English Wikipedia article "Vladivostok" gives it (encyclopedia; only places the
# schematic origin point, no value is read from it).
ORIGIN = {"label": "Vladivostok", "lon": 131.885, "lat": 43.115}
ORIGIN_REGION = "Primorye (Soviet Far East)"


# --- geometry ----------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _topology() -> dict:
    path = WORLD_ATLAS / TOPOJSON
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the maps read Natural Earth shapes from the npm package "
                                "world-atlas; run `make setup` (or `npm ci --ignore-scripts`) once.")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _arc(index: int) -> np.ndarray:
    """One decoded arc as (lon, lat) points: quantized, delta-encoded positions, then the topology's transform."""
    topology = _topology()
    points = np.cumsum(np.asarray(topology["arcs"][index], dtype=float), axis=0)
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    return points * scale + translate


def _ring(arcs) -> np.ndarray:
    parts = []
    for i, index in enumerate(arcs):
        points = _arc(index) if index >= 0 else _arc(~index)[::-1]
        parts.append(points if i == 0 else points[1:])
    return np.concatenate(parts)


def shape(iso3: str) -> list[list[np.ndarray]]:
    """A country's outline as polygons, each a list of rings (an outer ring, then any holes) of (lon, lat) points.

        len(shape("UZB"))   # polygons: the mainland and its exclaves in the Fergana valley
    """
    wanted = NUMERIC[iso3]
    for geometry in _topology()["objects"]["countries"]["geometries"]:
        if geometry.get("id") == wanted:
            polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            return [[_ring(ring) for ring in polygon] for polygon in polygons]
    raise KeyError(f"{iso3} (ISO numeric {wanted}) is not in {TOPOJSON}")


class Albers:
    """Albers equal-area conic projection on a sphere (km): equal areas keep the republics' sizes comparable."""

    def __init__(self, lon0: float, lat0: float, parallels=(35.0, 50.0)):
        phi1, phi2 = (math.radians(p) for p in parallels)
        self.lon0 = math.radians(lon0)
        self.n = (math.sin(phi1) + math.sin(phi2)) / 2
        self.c = math.cos(phi1) ** 2 + 2 * self.n * math.sin(phi1)
        self.rho0 = math.sqrt(self.c - 2 * self.n * math.sin(math.radians(lat0))) / self.n

    def __call__(self, lon, lat):
        lon, lat = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
        rho = np.sqrt(self.c - 2 * self.n * np.sin(lat)) / self.n
        theta = self.n * (lon - self.lon0)
        return 6371.0 * rho * np.sin(theta), 6371.0 * (self.rho0 - rho * np.cos(theta))


def _projected(iso3: str, project: Albers, bbox) -> list[list[np.ndarray]]:
    """The country's polygons that reach into bbox (lon0, lat0, lon1, lat1), projected to km."""
    lon0, lat0, lon1, lat1 = bbox
    kept = []
    for polygon in shape(iso3):
        outer = polygon[0]
        if outer[:, 0].max() < lon0 or outer[:, 0].min() > lon1 or outer[:, 1].max() < lat0 or outer[:, 1].min() > lat1:
            continue
        kept.append([np.column_stack(project(ring[:, 0], ring[:, 1])) for ring in polygon])
    return kept


def _area_centroid(ring: np.ndarray) -> tuple[float, tuple[float, float]]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    cx = ((x + np.roll(x, -1)) * cross).sum() / (6 * area)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (6 * area)
    return abs(area), (float(cx), float(cy))


def anchor(polygons) -> tuple[float, float]:
    """The centroid of a country's largest polygon (projected): where its label and arrow go."""
    return max((_area_centroid(p[0]) for p in polygons), key=lambda a: a[0])[1]


# --- drawing -----------------------------------------------------------------------------------------------------

def _draw_print(ax, layers, frame) -> None:
    """layers: (polygons, face, edge, linewidth) in drawing order."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    for polygons, face, edge, width in layers:
        for polygon in polygons:
            vertices = np.concatenate(polygon)
            codes = np.concatenate([[Path.MOVETO] + [Path.LINETO] * (len(r) - 1) for r in polygon])
            ax.add_patch(PathPatch(Path(vertices, codes), facecolor=face, edgecolor=edge, linewidth=width,
                                   joinstyle="round"))
    (x0, x1), (y0, y1) = frame
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _trace_xy(polygons):
    xs, ys = [], []
    for polygon in polygons:
        for ring in polygon:
            xs += [round(float(v), 1) for v in ring[:, 0]] + [None]  # 100 m is finer than the 1:50m shapes
            ys += [round(float(v), 1) for v in ring[:, 1]] + [None]
    return xs, ys


def _interactive(layers, labels, frame, height: int, annotations=()):
    """A plotly figure of filled polygons on hidden, equal-scaled axes: no geo subplot, so nothing is fetched.

    layers: (name, polygons, face, edge, hover); labels: (x, y, text, hover) drawn as text with a hover marker.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, polygons, face, edge, hover in layers:
        xs, ys = _trace_xy(polygons)
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=face, mode="lines", name=name,
                                 line={"color": edge, "width": 0.8}, hoveron="fills", text=hover,
                                 hoverinfo="text" if hover else "skip", showlegend=False))
    for x, y, text, hover in labels:
        fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers+text", text=[text], textposition="middle center",
                                 marker={"size": 18, "opacity": 0}, hovertext=[hover], hoverinfo="text",
                                 textfont={"size": 11}, showlegend=False, name=text.split("<br>")[0]))
    (x0, x1), (y0, y1) = frame
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor=WATER,
                      # Equal scales that shrink the plot area rather than widen the view past the shapes drawn.
                      xaxis={"visible": False, "range": [x0, x1], "showgrid": False, "constrain": "domain"},
                      yaxis={"visible": False, "range": [y0, y1], "showgrid": False, "scaleanchor": "x",
                             "constrain": "domain"},
                      annotations=list(annotations), hovermode="closest", dragmode="pan")
    return fig


def geometry_credit() -> str:
    """The boundaries' credit in the figures' language, for a map's caption; the names of the
    shapes and of their package stay as written."""
    return tr("Boundaries: {shapes} (public domain), via {package} (ISC licence).",
              shapes=keep_name("Natural Earth 1:50m"), package=keep_name("world-atlas 2.0.2"))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(colour: str, strength: float) -> str:
    """The colour mixed with white (opaque, so print needs no transparency): 0 is white, 1 the colour itself."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - v) * strength):02X}" for v in (r, g, b))


# --- the 1937 deportation ----------------------------------------------------------------------------------------

DEPORTATION_BBOX = (46.0, 30.0, 140.0, 60.0)
DEPORTATION_CONTEXT = ("RUS", "CHN", "MNG", "KOR", "PRK", "JPN", "IRN", "AFG", "PAK", "IND", "NPL", "AZE", "GEO",
                       "ARM")
CONTEXT_NAMES = {"RUS": ("Russia", 95.0, 56.0), "CHN": ("China", 100.0, 36.0), "MNG": ("Mongolia", 103.0, 46.5)}
# Where a destination's figure sits beside its arrow's tip (points; text alignment), so the arrow never crosses it.
# The Uzbek figure goes below, over Iran, with a leader line: beside the tip it would cover Turkmenistan's name.
DESTINATION_LABELS = {"KAZ": (-6, 6, "right", "bottom"), "UZB": (-8, -50, "center", "top")}
DEFAULT_DESTINATION_LABEL = (-6, 6, "right", "bottom")


def _stated(value, qualifier) -> str:
    """A figure as its source states it ('≈95,256'), in the figures' language (`charts.people`)."""
    from .people import _fmt

    return _fmt(value, qualifier)


@chart
def deportation_map(countries=None, years=None) -> Chart:
    """The 1937 deportation as a map: the origin (Primorye, marked at Vladivostok), a straight schematic arrow to each
    receiving republic, and the persons sent there (the preferred reading of diaspora.csv).

        deportation_map()                          # the Kazakh and Uzbek SSRs
        deportation_map(countries=["UZB"])         # the Uzbek SSR only

    Republics in `countries` without a figure by destination are drawn without a number; `years` must include 1937.
    """
    codes = check_countries(countries)
    years = check_years(years, people.ALL_YEARS)
    rows = people.deportation_destinations(codes, years)
    if rows.empty:
        return no_data("deportation-map", "persons deported in 1937 by destination", codes, years)
    sources = load("sources").set_index("source_id")
    names, colours = style.country_labels(), style.country_colours()
    project = Albers(lon0=90.0, lat0=45.0, parallels=(35.0, 55.0))
    frame = ((float(project(46.0, 48.0)[0]), float(project(136.0, 48.0)[0]) + 700.0),
             (float(project(90.0, 33.0)[1]), float(project(90.0, 57.5)[1])))
    receiving = list(rows["country_iso3"])
    others = [c for c in codes if c in style.CENTRAL_ASIA and c not in receiving]
    # Every republic keeps its outline: one not chosen is drawn as background, like the neighbours.
    context = [c for c in DEPORTATION_CONTEXT + tuple(style.CENTRAL_ASIA) if c not in receiving + others]
    shapes = {c: _projected(c, project, DEPORTATION_BBOX) for c in context + others + receiving}
    origin = tuple(float(v) for v in project(ORIGIN["lon"], ORIGIN["lat"]))
    year = int(rows["year"].iloc[0])

    def republic(code) -> str:
        return names.get(f"SU-{code}", names[code])  # the Soviet republic's name: "Kazakh SSR"

    def stated(row) -> str:
        return _stated(row.value, row.qualifier)

    def figure_text(row, width=None) -> str:
        name = republic(row.country_iso3)
        if width and language() == "ko":  # Korean names a Soviet republic in full: two lines in print
            name = "\n".join(textwrap.wrap(name, width))
        return tr("{republic}\n{value} persons", republic=name, value=stated(row))

    def source_of(row) -> str:
        return keep_name(people.source_label(row.source_id, sources=sources).rstrip("*"))

    origin_label, origin_region = tr(ORIGIN["label"]), tr(ORIGIN_REGION)

    # Print
    fig, ax = style.figure("double", height=3.2)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.06)
    layers = [(shapes[c], CONTEXT_FILL, "#BBBBBB", 0.4) for c in context]
    layers += [(shapes[c], _fill(colours[c], 0.12), colours[c], 0.5) for c in others]
    layers += [(shapes[c], _fill(colours[c], 0.35), colours[c], 0.7) for c in receiving]
    _draw_print(ax, layers, frame)
    for code, (text, lon, lat) in CONTEXT_NAMES.items():
        ax.text(*project(lon, lat), tr(text), fontsize=style.SMALL_FONT, color="#777777", style="italic", ha="center",
                va="center")
    for code in others:
        ax.text(*anchor(shapes[code]), names[code], fontsize=style.SMALL_FONT, color="#555555", ha="center",
                va="center")
    from matplotlib.patches import FancyArrowPatch

    for row in rows.itertuples():
        end = anchor(shapes[row.country_iso3])
        ax.add_patch(FancyArrowPatch(origin, end, arrowstyle="-|>", mutation_scale=9, linewidth=1.1,
                                     color="#222222", shrinkA=4, shrinkB=0, zorder=5))
        dx, dy, ha, va = DESTINATION_LABELS.get(row.country_iso3, DEFAULT_DESTINATION_LABEL)
        leader = {"arrowstyle": "-", "color": "#555555", "linewidth": 0.5, "shrinkA": 1, "shrinkB": 2}
        ax.annotate(figure_text(row, width=10), end, xytext=(dx, dy), textcoords="offset points", fontsize=style.FONT_SIZE,
                    ha=ha, va=va, zorder=6, fontweight="bold", linespacing=1.15,
                    arrowprops=leader if abs(dy) > 20 else None)
    ax.plot(*origin, marker="o", markersize=5, color="#222222", zorder=7)
    if language() == "en":
        ax.annotate(origin_label, origin, xytext=(6, 0), textcoords="offset points", ha="left", va="center",
                    fontsize=style.FONT_SIZE, zorder=7)
    else:  # Korean and Russian write the city wider than the margin right of it: below the point instead
        ax.annotate(origin_label, origin, xytext=(0, -6), textcoords="offset points", ha="center", va="top",
                    fontsize=style.FONT_SIZE, zorder=7)
    ax.annotate(origin_region.replace(" (", "\n("), origin, xytext=(-4, 8), textcoords="offset points", ha="right",
                va="bottom", fontsize=style.FONT_SIZE, zorder=7)

    # Interactive
    layers_i = [(names.get(c, c), shapes[c], CONTEXT_FILL, "#BBBBBB", "") for c in context]
    layers_i += [(names[c], shapes[c], _fill(colours[c], 0.12), colours[c],
                  tr("{country}: no figure by destination in the data", country=names[c])) for c in others]
    labels = [(*anchor(shapes[c]), names[c], tr("{country}: no figure by destination in the data", country=names[c]))
              for c in others]
    annotations = []
    for row in rows.itertuples():
        end = anchor(shapes[row.country_iso3])
        hover = tr("{republic}: {value} persons ({year})\nsource: {source}, {title}",
                   republic=republic(row.country_iso3), value=stated(row), year=year, source=source_of(row),
                   title=keep_name(str(sources.loc[row.source_id, "title"]))).replace("\n", "<br>")
        layers_i.append((names[row.country_iso3], shapes[row.country_iso3], _fill(colours[row.country_iso3], 0.35),
                         colours[row.country_iso3], hover))
        dx, dy, ha, va = DESTINATION_LABELS.get(row.country_iso3, DEFAULT_DESTINATION_LABEL)
        annotations.append({"x": end[0], "y": end[1], "ax": origin[0], "ay": origin[1], "xref": "x", "yref": "y",
                            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2, "arrowwidth": 1.6,
                            "arrowcolor": "#222222", "startstandoff": 6, "text": ""})
        label = {"x": end[0], "y": end[1], "xref": "x", "yref": "y", "font": {"size": 13}, "hovertext": hover,
                 "text": "<b>" + figure_text(row).replace("\n", "<br>") + "</b>"}
        if abs(dy) > 20:  # beside a leader line, as in print (plotly's ay counts pixels downwards)
            label.update(showarrow=True, arrowhead=0, arrowwidth=0.8, arrowcolor="#555555", ax=dx * 1.5,
                         ay=-dy * 1.5, yanchor=va)
        else:
            label.update(showarrow=False, xanchor=ha, yanchor=va, xshift=dx * 1.5, yshift=dy * 1.5)
        annotations.append(label)
    labels.append((origin[0], origin[1], "●", tr("{place}, {region}: origin of the deportation", place=origin_label,
                                                 region=origin_region)))
    annotations.append({"x": origin[0], "y": origin[1], "xref": "x", "yref": "y", "showarrow": False,
                        "text": origin_label, "xanchor": "left", "xshift": 10, "font": {"size": 12}})
    annotations.append({"x": origin[0], "y": origin[1], "xref": "x", "yref": "y", "showarrow": False,
                        "text": origin_region.replace(" (", "<br>("), "xanchor": "right", "yanchor": "bottom",
                        "xshift": -6, "yshift": 10, "font": {"size": 12}})
    for code, (text, lon, lat) in CONTEXT_NAMES.items():
        x, y = project(lon, lat)
        annotations.append({"x": float(x), "y": float(y), "xref": "x", "yref": "y", "showarrow": False,
                            "text": f"<i>{tr(text)}</i>", "font": {"size": 12, "color": "#777777"}})
    interactive = _interactive(layers_i, labels, frame, 520, annotations)

    def source_entry(r) -> str:
        entry = (f"{source_of(r)}, {keep_name(str(sources.loc[r.source_id, 'title']))} "
                 f"({sources.loc[r.source_id, 'date_iso']})")
        return tr("{source}, a weak source", source=entry) if sources.loc[r.source_id, "weak"] else entry

    source_names = "; ".join(dict.fromkeys(source_entry(r) for r in rows.itertuples()))
    destinations = [tr("the {republic}", republic=republic(c)) for c in receiving]
    destinations = functools.reduce(lambda a, b: tr("{first} and {second}", first=a, second=b), destinations)
    missing = (" " + tr("The data holds no figure by destination for {countries}.", countries=country_label(others))
               if others else "")
    credit = geometry_credit()
    caption = tr("The deportation of {year}: Koreans sent from the Soviet Far East (Primorye; the point marks "
                 "Vladivostok) to {destinations}, with the persons sent to each republic as the preferred reading in "
                 "{table} ({sources}; {preferred} says why it is preferred). The arrows are straight and schematic: "
                 "they join origin and destination and do not trace the railway route. Drawn on present-day "
                 "boundaries, not those of {year}.",
                 year=year, destinations=destinations, table=keep_name("diaspora.csv"), sources=source_names,
                 preferred=keep_name("data/PREFERRED.md")) + f"{missing} {credit}"
    return Chart(name="deportation-map", caption=caption, tables=["diaspora", "sources"],
                 sources=list(dict.fromkeys(rows["source_id"])), figure=fig, interactive=interactive, width="double")


# --- the region today ----------------------------------------------------------------------------------------------

REGION_BBOX = (44.0, 27.0, 92.0, 57.0)
REGION_CONTEXT = ("RUS", "CHN", "MNG", "IRN", "PAK", "IND", "NPL", "AZE", "GEO", "ARM", "TUR", "IRQ")
# Where a label sits, as an offset (km) from the country's centroid: the small republics' labels go beside them.
LABEL_OFFSETS = {"KGZ": (800.0, -20.0), "TJK": (560.0, -260.0)}  # drawn with a leader line
LABEL_NUDGES = {"TKM": (-130.0, -20.0), "UZB": (-170.0, 110.0), "AFG": (0.0, -40.0)}  # still inside the country


def _date_text(row) -> str:
    """A date as precise as its source gives it, in the figures' language: '28 Jan 1992', 'Jan 1992', '1973'."""
    from .relations import date_words

    precision = str(row.date_precision)
    if precision in ("day", "month"):
        return date_words(row.date, precision)
    return str(int(row.year))


def _years_text(years) -> str:
    """'in 1992', 'in 1973 and 1992' (the caption's years) in the figures' language."""
    if len(years) == 1:
        return tr("in {year}", year=years[0])
    return tr("in {years} and {last}", years=", ".join(str(y) for y in years[:-1]), last=years[-1])


@chart
def region_map(countries=None, years=None) -> Chart:
    """The five republics and Afghanistan today, each with the date it set up diplomatic relations with the ROK
    (the preferred reading in events.csv), the year always shown.

        region_map()                                    # all six
        region_map(countries=["KAZ", "UZB"], years=(1992, 1992))

    A country not chosen, or without a dating in `years`, is drawn as plain background. Colours are the countries'
    own (as in every chart), not a scale of years.
    """
    codes = check_countries(countries)
    years = check_years(years, relations.ALL_YEARS)
    rows = relations.established_preferred(codes, years)
    rows = rows[rows["successor_iso3"].isin(style.COUNTRY_ORDER)]
    if rows.empty:
        return no_data("region-map", "dates of relations with the ROK", codes, years)
    sources = load("sources").set_index("source_id")
    names, colours = style.country_labels(), style.country_colours()
    project = Albers(lon0=66.0, lat0=42.0, parallels=(32.0, 50.0))
    frame = ((float(project(46.0, 42.0)[0]), float(project(87.5, 42.0)[0])),
             (float(project(66.0, 28.5)[1]), float(project(66.0, 55.8)[1])))
    shown = list(rows["successor_iso3"])
    context = list(REGION_CONTEXT) + [c for c in style.COUNTRY_ORDER if c not in shown]
    shapes = {c: _projected(c, project, REGION_BBOX) for c in context + shown}

    def text_of(row) -> str:
        return f"{names[row.successor_iso3]}\n{_date_text(row)}"

    def hover_of(row) -> str:
        # the publisher keeps the name its source gives, in every language
        source = keep_name(str(sources.loc[row.source_id, "publisher"]))
        values = {"country": names[row.successor_iso3], "date": _date_text(row), "source": source}
        if row.other_dates:
            return tr_html("{country}: relations with the ROK from {date}\nsource: {source}\nother reading(s): "
                           "{dates}", dates=row.other_dates, **values)
        return tr_html("{country}: relations with the ROK from {date}\nsource: {source}", **values)

    def label_at(code):
        x, y = anchor(shapes[code])
        if code in LABEL_OFFSETS:
            dx, dy = LABEL_OFFSETS[code]
            return (x, y), (x + dx, y + dy)
        dx, dy = LABEL_NUDGES.get(code, (0.0, 0.0))
        return (x + dx, y + dy), (x + dx, y + dy)

    fig, ax = style.figure("single", height=2.9)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.07)
    layers = [(shapes[c], CONTEXT_FILL, "#BBBBBB", 0.3) for c in context]
    layers += [(shapes[c], _fill(colours[c], 0.35), colours[c], 0.6) for c in shown]
    _draw_print(ax, layers, frame)
    for row in rows.itertuples():
        centre, at = label_at(row.successor_iso3)
        moved = at != centre
        ax.annotate(text_of(row), centre, xytext=at, textcoords="data", fontsize=style.SMALL_FONT, ha="center",
                    va="center", linespacing=1.1, zorder=6,
                    arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.5, "shrinkA": 2,
                                "shrinkB": 0} if moved else None)

    layers_i = [(names.get(c, c), shapes[c], CONTEXT_FILL, "#BBBBBB", "") for c in context]
    labels, annotations = [], []
    for row in rows.itertuples():
        code = row.successor_iso3
        centre, at = label_at(code)
        layers_i.append((names[code], shapes[code], _fill(colours[code], 0.35), colours[code], hover_of(row)))
        text = text_of(row).replace("\n", "<br>")
        if at == centre:
            labels.append((at[0], at[1], text, hover_of(row)))
        else:  # the label is the annotation's text, so its leader line starts at the label's edge
            labels.append((at[0], at[1], "", hover_of(row)))
            annotations.append({"x": centre[0], "y": centre[1], "ax": at[0], "ay": at[1], "xref": "x", "yref": "y",
                                "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 0, "arrowwidth": 0.8,
                                "arrowcolor": "#555555", "text": text, "font": {"size": 11},
                                "hovertext": hover_of(row)})
    interactive = _interactive(layers_i, labels, frame, 560, annotations)

    all_years = sorted(set(int(y) for y in rows["year"]))
    others = rows[rows["other_dates"] != ""]
    other_text = "".join(" " + tr("For {country} another reading gives {dates}.", country=names[r.successor_iso3],
                                  dates=r.other_dates) for r in others.itertuples())
    caption = tr("{countries}: the date each set up diplomatic relations with the Republic of Korea, {years}, as the "
                 "preferred reading in {table} ({preferred} says why), each with its year; a date is as precise as "
                 "its source.{others} Colours mark the countries, not a scale of years. Drawn on present-day "
                 "boundaries. {credit}", countries=_upper_first(country_label(shown)), years=_years_text(all_years),
                 others=other_text, credit=geometry_credit(), table=keep_name("events.csv"),
                 preferred=keep_name("data/PREFERRED.md"))
    return Chart(name="region-map", caption=caption, tables=["events", "sources"],
                 sources=list(dict.fromkeys(rows["source_id"])), figure=fig, interactive=interactive)
