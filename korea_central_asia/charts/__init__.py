"""The lessons' charts: each is one function of a series and a few options that returns a `Chart`, holding the print
figure (matplotlib, in the project's print style) and the interactive figure (plotly) made from the same data.

    from korea_central_asia import lesson
    from korea_central_asia.charts import trade as trade_charts
    nb = lesson.start("02-trade")
    nb.show(trade_charts.balance(countries=["KAZ", "UZB"], years=(2000, 2020)))

A lesson shows a chart with `nb.show(chart)`; nothing is written unless export is switched on (see `lesson`).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field


@dataclass
class Chart:
    """One chart of a lesson: its name (the file stem after the notebook's), caption, the tables and source ids it
    draws on, and its print figure and/or interactive figure. `no_data` replaces both when the selection is empty."""

    name: str
    caption: str = ""
    tables: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    figure: object = None  # matplotlib Figure
    interactive: object = None  # plotly Figure
    width: str = "single"
    interactive_name: str | None = None  # when the HTML file has another name than the print figure
    no_data: str | None = None
    alt: str | None = None  # one sentence for readers who cannot see the figure (default: made from the figure)
    data: object = None  # the plotted values as a DataFrame (default: read back from the figure's artists)
    redraw: object = None  # the call that made this chart, repeated to draw it in another language (`chart`)
    language: str = "en"  # the language it was drawn in (`i18n`)

    def in_language(self, code: str) -> "Chart":
        """This chart drawn again, with the same arguments, in `code` ('en', 'ko' or 'ru'):

            chart.in_language("ko").figure
        """
        from .. import i18n

        if code == self.language:
            return self
        if self.redraw is None:
            raise ValueError(f"chart {self.name!r} cannot be drawn in {code}: its function is not marked @chart")
        with i18n.use_language(code):
            return self.redraw()


def chart(function):
    """Mark a chart function: the Chart it returns remembers the call, so the figure build can draw it again in
    Korean and Russian with exactly the lesson's arguments (`Chart.in_language`)."""
    @functools.wraps(function)
    def made(*args, **kwargs):
        from .. import i18n

        result = function(*args, **kwargs)
        if isinstance(result, Chart):
            result.redraw = functools.partial(made, *args, **kwargs)
            result.language = i18n.language()
        return result
    made.is_chart = True
    return made


def no_data(name: str, what: str, countries=None, years=None) -> Chart:
    """A Chart that says there is nothing to draw for this selection, instead of raising.

        no_data("balance", "trade balance", ["KGZ"], (2030, 2035)).no_data
        # -> 'no data for Kyrgyzstan in 2030–2035 (trade balance)'
    """
    from ..series import country_label

    where = ""
    if countries is not None:
        where += f" for {country_label(countries)}"
    if years is not None:
        where += f" in {years[0]}–{years[1]}"
    return Chart(name=name, no_data=f"no data{where} ({what})")  # lesson prose: stays English


def grid_shape(count: int, columns: int = 3) -> tuple[int, int]:
    """Rows and columns for `count` small panels, at most `columns` wide: 6 → (2, 3), 2 → (1, 2), 7 → (3, 3)."""
    count = max(count, 1)
    cols = min(columns, count)
    return math.ceil(count / cols), cols


def unique_sources(*columns) -> list[str]:
    """Source ids from any number of columns or lists, first-seen order, missing values dropped."""
    seen: dict[str, None] = {}
    for column in columns:
        for value in list(column):
            if isinstance(value, str) and value:
                seen.setdefault(value, None)
    return list(seen)
