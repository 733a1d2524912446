"""What every lesson notebook does: check its parameters, show its charts, list its sources, and export only when
asked.

    from korea_central_asia import lesson
    nb = lesson.start("02-trade", countries=["KAZ", "UZB"], years=(2000, 2020))
    nb.show(chart)            # shows the interactive chart and the print figure; writes nothing
    nb.findings("...")        # a finding that follows the parameters, as rendered Markdown
    nb.sources(frame, ...)    # the sources table for the end of the notebook

Exporting writes the print figure (PDF, SVG, 300-dpi PNG), the offline HTML and the catalogue entry to `figures/`
(`make figures` also draws each chart again in Korean and Russian into figures/ko/ and figures/ru/; a lesson started
with language="ko" or "ru" exports into that set only).
It is off in JupyterLab, so running a lesson never changes a tracked file. `make figures` switches it on for its
own kernels (KCA_EXPORT=1); in JupyterLab use `lesson.start(..., export=True)`.
"""
from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field

import pandas as pd

from . import figures, i18n, style
from .data import sources_for

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CSS_PIXELS_PER_INCH = 96  # the print figure is shown at its print width


def exporting() -> bool:
    """True when the print files and offline HTML are written: KCA_EXPORT=1, as `make figures` sets it."""
    return os.environ.get("KCA_EXPORT") == "1"


def export_languages() -> tuple[str, ...]:
    """The languages exported beside English: KCA_FIGURE_LANGUAGES="ko ru", as `make figures` sets it (none
    otherwise, so exporting from JupyterLab writes the English set only unless asked)."""
    codes = tuple(os.environ.get("KCA_FIGURE_LANGUAGES", "").replace(",", " ").split())
    return tuple(i18n.check_language(code) for code in codes if code != "en")


def print_skipped() -> bool:
    """True in the test suite's nbval run (KCA_SKIP_PRINT_EXPORT=1), which does not render print figures."""
    return os.environ.get("KCA_SKIP_PRINT_EXPORT") == "1"


@dataclass
class Lesson:
    notebook: str
    countries: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    export: bool = False
    shown_sources: list[str] = field(default_factory=list)  # every chart shown adds its sources here
    exported: set[str] = field(default_factory=set)  # stems written so far: each is exported once

    # --- showing -----------------------------------------------------------------------------------------------
    def show(self, chart, only: str | None = None) -> None:
        """Show a Chart: its interactive figure, then its print figure (only="interactive" or "print" for one).

        With export on, the print figure is written in every format and the PNG written is what the notebook
        shows, so a reader sees exactly what an author gets; the interactive chart is also written as offline HTML.
        """
        from IPython.display import Markdown, display

        if chart.no_data:
            display(Markdown(f"*{chart.no_data}.*"))
            return
        self.shown_sources.extend(s for s in chart.sources if s not in self.shown_sources)
        if self.export:
            for code in export_languages():
                if code != i18n.language():
                    self.export_translation(chart, code, only)
        if chart.interactive is not None and only in (None, "interactive"):
            self.interactive(chart.interactive, chart.interactive_name or chart.name)
        if chart.figure is not None and only in (None, "print"):
            self.save(chart.figure, chart.name, caption=chart.caption, tables=chart.tables, sources=chart.sources,
                      width=chart.width, alt=chart.alt, data=chart.data)

    def export_translation(self, chart, code: str, only: str | None = None) -> None:
        """Write the chart drawn again in `code` to figures/<code>/: its print files, catalogue entry and offline
        HTML (the data and references stay those of the English figure). Shows nothing."""
        import matplotlib.pyplot as plt

        stem = f"{self.notebook}-{figures.slug(chart.name)}"
        if f"{code}/{stem}" in self.exported:
            return
        self.exported.add(f"{code}/{stem}")
        translated = chart.in_language(code)
        with i18n.use_language(code):
            if translated.interactive is not None and only in (None, "interactive"):
                import plotly.io as pio

                spec = i18n.localise_plotly(json.loads(pio.to_json(translated.interactive, validate=False)))
                figures.save_interactive(spec, translated.interactive_name or translated.name,
                                         notebook=self.notebook, language=code)
            if translated.figure is not None and only in (None, "print"):
                fig = translated.figure
                sources = [s for s in pd.Series(list(translated.sources), dtype="object").dropna().unique()]
                credit = style.credit_line(sources, stem)
                style.source_line(fig, credit)
                alt = translated.alt or figures.default_alt(fig, translated.caption)
                try:
                    figures.save(fig, translated.name, notebook=self.notebook, caption=translated.caption,
                                 tables=translated.tables, sources=sources, width=translated.width, alt=alt,
                                 credit=credit, language=code)
                finally:
                    plt.close(fig)

    def save(self, fig, name: str, *, caption: str, tables, sources, width: str = "single", alt: str | None = None,
             data=None) -> None:
        """Show a matplotlib figure at print width with its source line and close it; with export on, first write
        figures/<notebook>-<name>.pdf/.svg/.png and its catalogue entry, and show the PNG written. A name already
        exported in this lesson is shown, not written again. The image carries the alt text in its metadata."""
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        sources = [s for s in pd.Series(list(sources), dtype="object").dropna().unique()]
        stem = f"{self.notebook}-{figures.slug(name)}"
        credit = style.credit_line(sources, stem)
        style.source_line(fig, credit)
        alt = alt or figures.default_alt(fig, caption)
        css_width = round(fig.get_size_inches()[0] * CSS_PIXELS_PER_INCH)
        # Only a chart's first showing is exported: an exercise that redraws it for other parameters must not
        # overwrite the lesson's figure.
        if self.export and stem not in self.exported:
            self.exported.add(stem)
            # a lesson started in Korean or Russian exports into figures/ko/ or figures/ru/, never over English
            written = figures.save(fig, name, notebook=self.notebook, caption=caption, tables=tables,
                                   sources=sources, width=width, alt=alt, data=data, credit=credit,
                                   language=i18n.language())
            png = next((path for path in written if path.suffix == ".png"), None)
            data = png.read_bytes() if png is not None else None
        elif print_skipped():
            data = None
        else:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=300, metadata=figures.METADATA["png"])
            data = buffer.getvalue()
        plt.close(fig)
        if data is not None:
            display(Image(data=data, format="png", width=css_width, alt=alt, metadata={"alt": alt}))
        else:
            display({"text/plain": f"Print figure {stem}: not rendered in this run (KCA_SKIP_PRINT_EXPORT=1); "
                                   "`make figures` writes its PDF, SVG and PNG."}, raw=True)

    def interactive(self, fig, name: str) -> None:
        """Display a plotly figure; with export on, also write figures/interactive/<notebook>-<name>.html.

        The chart is published as plotly's own MIME type, which JupyterLab draws and the site build embeds. Going
        straight to the MIME bundle skips plotly's renderer machinery, whose imports (nbformat, jsonschema) cost
        over two seconds per kernel. The figure is turned into plain JSON once and both outputs are made from it.
        """
        import plotly.io as pio
        from IPython.display import display

        spec = i18n.localise_plotly(json.loads(pio.to_json(fig, validate=False)))
        html_stem = f"interactive/{self.notebook}-{figures.slug(name)}"
        if self.export and html_stem not in self.exported:
            self.exported.add(html_stem)
            figures.save_interactive(spec, name, notebook=self.notebook, language=i18n.language())
        bundle = {PLOTLY_MIME: spec,
                  "text/plain": f"Interactive chart {self.notebook}-{name} (open in JupyterLab or the site)"}
        display(bundle, raw=True)

    def findings(self, *lines: str) -> None:
        """Findings that follow the parameters, as rendered Markdown (one bullet per line)."""
        from IPython.display import Markdown, display

        display(Markdown("\n".join(f"- {line}" for line in lines)))

    def export_table(self, frame: pd.DataFrame, filename: str) -> None:
        """With export on, write a table for papers to figures/<filename> (CSV, `figures.paper_csv`); otherwise do
        nothing."""
        if self.export:
            from .atomic import write_text

            write_text(figures.figures_dir() / filename, figures.paper_csv(frame))

    def sources(self, *frames: pd.DataFrame) -> pd.DataFrame:
        """The sources behind every chart shown so far and behind the given tables: title, publisher, date,
        address, kind. A chart's sources are always listed, so a lesson's list cannot leave one out."""
        shown = pd.DataFrame({"source_id": pd.Series(self.shown_sources, dtype="object")})
        table = sources_for(shown, *frames)
        return table[["source_id", "title", "publisher", "date_iso", "url", "kind", "weak"]].rename(
            columns={"date_iso": "date"})


def start(notebook: str, countries=None, years=None, *, default_years: tuple[int, int] = (1992, 2024),
          export: bool | None = None, language: str | None = None) -> Lesson:
    """Check the parameters, apply the print style and the plotly defaults; return the notebook's Lesson helper.

        nb = lesson.start("02-trade", countries=["KGZ", "TJK"], years=(2000, 2015))
        nb = lesson.start("03-diaspora", language="ko")   # the charts in Korean ("ru": Russian)

    An unknown country code raises ValueError listing the valid codes. `export=None` follows KCA_EXPORT;
    `language=None` keeps the current figure language (English unless KCA_LANGUAGE says otherwise). The lesson's
    prose and tables stay English.
    """
    if language is not None:
        i18n.set_language(language)
    from .series import check_countries, check_years

    checked_countries = check_countries(countries)
    checked_years = check_years(years, default_years)
    style.use_print_style()
    style.use_plotly_defaults()
    pd.set_option("display.max_colwidth", 80)
    return Lesson(notebook, checked_countries, checked_years, exporting() if export is None else export)
