"""The two maps: the numbers drawn are the preferred readings, a country not chosen is not drawn as chosen, the shapes
are counted, the print figures are clean, and the exported interactive maps draw every shape in a page opened from
a file with the network cut."""
from __future__ import annotations

import json

import numpy as np
import plotly.io as pio
import pytest

from korea_central_asia import figures, style
from korea_central_asia.charts import maps
from korea_central_asia.data import load

from .test_figures import render_offline

CA = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
SIX = CA + ["AFG"]


def preferred(table: str, fact_ids) -> dict[str, object]:
    """fact_id -> the preferred row, read from the CSV itself rather than through the code under test."""
    frame = load(table)
    rows = frame[frame["fact_id"].isin(list(fact_ids)) & frame["preferred"].fillna(False).astype(bool)]
    return {row.fact_id: row for row in rows.itertuples()}


def fills(chart) -> list[dict]:
    """The filled polygon traces of the interactive figure (one per country drawn)."""
    spec = json.loads(pio.to_json(chart.interactive, validate=False))
    return [t for t in spec["data"] if t.get("fill") == "toself"]


def print_texts(chart) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in chart.figure.findobj(Text) if t.get_visible() and t.get_text()]


def label_boxes(fig):
    """Window extents of the visible texts (not the source line, which the lesson adds)."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    # Text's own extent: an annotation's would include its leader line, which may pass beside other labels.
    return [(t.get_text(), Text.get_window_extent(t, renderer)) for t in fig.findobj(Text) if t.get_visible()
            and t.get_text()]


# --- the shapes ---------------------------------------------------------------------------------------------------

def test_the_shapes_come_from_the_installed_world_atlas():
    atlas = json.loads((maps.WORLD_ATLAS / "package.json").read_text())
    assert (atlas["name"], atlas["version"], atlas["license"]) == ("world-atlas", "2.0.2", "ISC")
    uzbekistan = maps.shape("UZB")
    assert len(uzbekistan) >= 3  # the mainland and the exclaves in the Fergana valley
    lons, lats = np.concatenate([p[0] for p in maps.shape("KAZ")]).T
    # Kazakhstan reaches from the Caspian (about 46.5°E) to the Altai (about 87.3°E), 40.6°N to 55.4°N.
    assert 46 < lons.min() < 47.5 and 87 < lons.max() < 88 and 40 < lats.min() < 41.5 and 55 < lats.max() < 56


def test_missing_world_atlas_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(maps, "WORLD_ATLAS", tmp_path / "nowhere")
    maps._topology.cache_clear()
    maps._arc.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="make setup"):
            maps.shape("KAZ")
    finally:
        maps._topology.cache_clear()
        maps._arc.cache_clear()


# --- the deportation map ------------------------------------------------------------------------------------------

def test_deportation_map_draws_the_preferred_readings_by_destination():
    rows = preferred("diaspora", ["su-kaz-deportees-1937", "su-uzb-deportees-1937"])
    kaz, uzb = int(rows["su-kaz-deportees-1937"].value), int(rows["su-uzb-deportees-1937"].value)
    assert (kaz, uzb) == (95256, 76525)
    chart = maps.deportation_map(CA)
    texts = " ".join(print_texts(chart))
    assert f"{kaz:,} persons" in texts and f"{uzb:,} persons" in texts
    assert "100,000" not in texts and "74,000" not in texts  # the other readings are not drawn
    spec = json.loads(pio.to_json(chart.interactive, validate=False))
    labels = " ".join(a.get("text", "") for a in spec["layout"]["annotations"])
    assert f"{kaz:,} persons" in labels and f"{uzb:,} persons" in labels and "100,000" not in labels
    arrows = [a for a in spec["layout"]["annotations"] if a.get("axref") == "x" and a.get("arrowhead") == 2]
    assert len(arrows) == 2
    assert chart.sources == ["p-pohl-2009-last-train-west"]
    assert "J. Otto Pohl, The Last Train West (2009-08), a weak source" in chart.caption
    for phrase in ("straight and schematic", "present-day boundaries", "Primorye", "Vladivostok", "Pohl",
                   "Natural Earth", "world-atlas", "public domain", "ISC"):
        assert phrase in chart.caption, phrase
    assert chart.name.endswith("-map") and chart.width == "double"


def test_deportation_map_origin_is_vladivostok_and_arrows_are_straight():
    chart = maps.deportation_map()
    from matplotlib.patches import FancyArrowPatch

    arrows = [p for p in chart.figure.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 2
    for arrow in arrows:
        assert arrow.get_connectionstyle().__class__.__name__ == "Arc3"
        assert arrow.get_connectionstyle().rad == 0  # a straight segment, not a route
    assert {"Vladivostok", "Primorye\n(Soviet Far East)"} <= set(print_texts(chart))


def test_deportation_map_follows_the_countries_chosen():
    chart = maps.deportation_map(["UZB"])
    texts = " ".join(print_texts(chart))
    assert "76,525 persons" in texts and "95,256" not in texts
    spec = json.loads(pio.to_json(chart.interactive, validate=False))
    assert "95,256" not in json.dumps(spec)
    # Kazakhstan, not chosen, is background: grey, and no hover text.
    kaz = next(t for t in fills(chart) if t["name"] == "Kazakhstan")
    assert kaz["fillcolor"] == maps.CONTEXT_FILL and kaz["hoverinfo"] == "skip"
    assert "Kazakh" not in chart.caption.split(" Drawn")[0]


def test_deportation_map_counts_its_shapes():
    chart = maps.deportation_map()
    traces = fills(chart)
    expected = len(maps.DEPORTATION_CONTEXT) + 5  # neighbours, then the five republics
    assert len(traces) == expected == 19
    assert len({t["name"] for t in traces}) == expected


@pytest.mark.parametrize("countries, years", [(["KGZ", "TJK"], None), (CA, (1938, 2024)), (["AFG"], None)])
def test_deportation_map_without_a_figure_is_no_data(countries, years):
    chart = maps.deportation_map(countries, years)
    assert chart.no_data and chart.figure is None and "1937" in chart.no_data


# --- the region map -----------------------------------------------------------------------------------------------

DATES = {"KAZ": "28 Jan 1992", "UZB": "29 Jan 1992", "KGZ": "31 Jan 1992", "TJK": "27 Apr 1992",
         "TKM": "7 Feb 1992", "AFG": "Dec 1973"}


def test_region_map_draws_the_preferred_dates_each_with_its_year():
    rows = preferred("events", [f"{c.lower()}-relations-established" for c in SIX])
    assert {k.split("-")[0].upper(): r.date.year for k, r in rows.items()} == {c: int(d[-4:]) for c, d in DATES.items()}
    assert rows["afg-relations-established"].source_id == "d-yonhap-hankyung-2001-seoul-plans-restore-afghan-ties"
    chart = maps.region_map()
    texts = print_texts(chart)
    names = style.country_labels()
    for code, date in DATES.items():
        assert f"{names[code]}\n{date}" in texts, code
    assert "2002" not in " ".join(texts)  # Kwak's reading is not drawn, only named in the caption
    assert "another reading gives 2002." in chart.caption  # the year-only 1973 agrees with Dec 1973
    assert "not a scale of years" in chart.caption and "1973 and 1992" in chart.caption
    for phrase in ("present-day boundaries", "Natural Earth", "public domain", "world-atlas", "ISC"):
        assert phrase in chart.caption, phrase
    hovers = [t["text"] for t in fills(chart) if t["hoverinfo"] == "text"]
    assert len(hovers) == 6 and all(any(str(y) in h for y in (1973, 1992)) for h in hovers)
    assert set(chart.sources) == {r.source_id for r in rows.values()}


def test_region_map_leaves_out_a_country_not_chosen():
    chart = maps.region_map(["KAZ", "UZB"])
    texts = " ".join(print_texts(chart))
    assert "28 Jan 1992" in texts and "29 Jan 1992" in texts
    for date in ("31 Jan 1992", "27 Apr 1992", "7 Feb 1992", "1973"):
        assert date not in texts
    highlighted = [t["name"] for t in fills(chart) if t["hoverinfo"] == "text"]
    assert highlighted == ["Kazakhstan", "Uzbekistan"]
    assert "1973" not in json.dumps([a for a in chart.interactive.layout.annotations])
    assert len(fills(chart)) == len(maps.REGION_CONTEXT) + 6  # every country still has its outline


def test_region_map_years_and_empty_selection():
    only_1973 = maps.region_map(SIX, (1970, 1980))
    assert [t["name"] for t in fills(only_1973) if t["hoverinfo"] == "text"] == ["Afghanistan"]
    assert "in 1973," in only_1973.caption
    assert maps.region_map(CA, (1993, 2024)).no_data
    assert maps.region_map(["SUN"]).no_data


def test_region_map_counts_its_shapes():
    assert len(fills(maps.region_map())) == len(maps.REGION_CONTEXT) + 6 == 18


@pytest.mark.parametrize("make", [maps.deportation_map, maps.region_map])
def test_print_maps_are_clean(make):
    chart = make()
    style.source_line(chart.figure, style.source_text(chart.sources))  # as the lesson adds it
    assert figures.text_overflow(chart.figure) == {}
    assert chart.figure.axes[0].get_title() == "" and chart.figure._suptitle is None
    boxes = [(t, b) for t, b in label_boxes(chart.figure) if not t.startswith("Source:")]
    sizes = [t.get_fontsize() for t in chart.figure.findobj(lambda a: hasattr(a, "get_fontsize")) if
             getattr(t, "get_text", lambda: "")()]
    assert min(sizes) >= 6  # the source line is the style's 6 pt; every map label is at least 7 pt
    label_sizes = [t.get_fontsize() for t in chart.figure.axes[0].texts]
    assert min(label_sizes) >= style.SMALL_FONT
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"


# --- in a browser, from a file, with the network cut ----------------------------------------------------------------

# Shapes are the filled paths plotly drew (one per country); arrows the annotation arrows drawn.
SHAPE_COUNT = """() => ({
  shapes: [...document.querySelectorAll('.scatterlayer .trace path.js-fill')]
            .filter(p => (p.getAttribute('d') || '').length > 10).length,
  arrows: document.querySelectorAll('.annotation-arrow-g').length,
  text: document.querySelector('.main-svg').parentNode.textContent,
})"""


@pytest.mark.browser
def test_exported_maps_draw_every_shape_offline_from_a_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path / "figures"))
    style.use_plotly_defaults()
    charts = {"03-diaspora": maps.deportation_map(), "01-establishment": maps.region_map()}
    pages = {}
    for notebook, chart in charts.items():
        spec = json.loads(pio.to_json(chart.interactive, validate=False))  # as `nb.show` exports it
        pages[notebook] = figures.save_interactive(spec, chart.name, notebook=notebook)
    found = render_offline([p.as_uri() for p in pages.values()], tmp_path, SHAPE_COUNT)
    deportation = found[pages["03-diaspora"].as_uri()]
    region = found[pages["01-establishment"].as_uri()]
    print(f"drawn in Chromium from file://: deportation map {deportation['shapes']} shapes, "
          f"{deportation['arrows']} arrows; region map {region['shapes']} shapes, {region['arrows']} leader lines")
    assert deportation["shapes"] == len(fills(charts["03-diaspora"])) == 19
    assert deportation["arrows"] == 3  # two arrows and the Uzbek figure's leader line
    assert "95,256" in deportation["text"] and "76,525" in deportation["text"]
    assert region["shapes"] == len(fills(charts["01-establishment"])) == 18
    assert region["arrows"] == 2  # the leader lines to Kyrgyzstan and Tajikistan
    for date in DATES.values():
        assert date in region["text"]
