"""The lesson layer: parameters are checked, an empty selection says so, and a lesson's source list holds every
source of every chart it showed."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

from korea_central_asia import charts, lesson  # noqa: E402
from korea_central_asia.series import check_countries, check_years, country_label, successor_code  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    import IPython.display

    out = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kwargs: out.append(obj))
    return out


def test_sources_list_every_source_of_every_chart_shown(shown):
    nb = lesson.Lesson("99-test")
    nb.show(charts.Chart(name="a", sources=["imf-dots-kor", "imf-dots-kaz"]))
    nb.show(charts.Chart(name="b", sources=["imf-dots-uzb"]))
    assert set(nb.sources()["source_id"]) == {"imf-dots-kor", "imf-dots-kaz", "imf-dots-uzb"}


def test_an_empty_selection_shows_no_data_instead_of_raising(shown):
    nb = lesson.Lesson("99-test")
    nb.show(charts.no_data("balance", "trade balance", ["KGZ"], (2030, 2035)))
    assert shown[0].data == "*no data for Kyrgyzstan in 2030–2035 (trade balance).*"


def test_parameters_are_checked_with_messages_that_help():
    assert check_countries(["kaz", "UZB", "KAZ"]) == ["KAZ", "UZB"]
    assert check_countries(None) == ["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG"]
    with pytest.raises(ValueError, match="unknown country code.*XX; valid codes are: KOR, KAZ"):
        check_countries(["XX"])
    assert check_years((2000, 2015)) == (2000, 2015)
    with pytest.raises(ValueError, match="first year comes after the last"):
        check_years((2015, 2000))
    with pytest.raises(ValueError, match=r"a \(first, last\) pair"):
        check_years(2015)


def test_names_and_successors():
    assert successor_code("SU-KAZ") == "KAZ" and successor_code("KAZ") == "KAZ" and successor_code("SUN") == "SUN"
    assert country_label(["KGZ", "TJK"]) == "Kyrgyzstan and Tajikistan"
    assert country_label(["KAZ", "UZB", "KGZ", "TJK", "TKM"]) == "the five republics"
    assert country_label(["KAZ", "UZB", "KGZ"]) == "Kazakhstan, Uzbekistan and Kyrgyzstan"


def test_grid_shape_fits_any_number_of_panels():
    assert charts.grid_shape(6) == (2, 3)
    assert charts.grid_shape(2) == (1, 2)
    assert charts.grid_shape(7) == (3, 3)
    assert charts.grid_shape(1) == (1, 1)


def test_export_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv("KCA_EXPORT", raising=False)
    assert lesson.start("99-test").export is False
    monkeypatch.setenv("KCA_EXPORT", "1")
    assert lesson.start("99-test").export is True
    assert lesson.start("99-test", export=False).export is False


def test_a_chart_redrawn_in_an_exercise_does_not_overwrite_the_exported_one(shown, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    nb = lesson.Lesson("99-test", export=True)
    for value in (1, 2):  # the lesson's chart, then an exercise's redraw of it for other parameters
        fig, ax = plt.subplots(figsize=(3.4, 2.4))
        ax.plot([0, 1], [0, value])
        nb.show(charts.Chart(name="chart", figure=fig, sources=["imf-dots-kor"]))
    first = (tmp_path / "99-test-chart.png").read_bytes()
    assert shown[0].data == first and shown[1].data != first, "the redraw is shown but not written"
