"""What every lesson notebook does in its first cell: styles, savers and its closing list of sources.

    from korea_central_asia import lesson, load
    nb = lesson.start("02-trade")
    ...
    nb.save(fig, "lines-by-country", caption="...", tables=["trade"], sources=trade["source_id"])  # exports, shows, closes
    nb.interactive(plotly_fig, "lines-by-country")   # saves offline HTML and displays the chart
    nb.sources(trade)                                 # the sources table for the end of the notebook
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from . import figures, style
from .data import sources_for

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CSS_PIXELS_PER_INCH = 96  # the exported PNG is shown at its print width


@dataclass
class Lesson:
    notebook: str

    def save(self, fig, name: str, *, caption: str, tables, sources, width: str = "single") -> None:
        """Export a matplotlib figure in every print format (figures/<notebook>-<name>.pdf/.svg/.png), show the
        exported PNG in the notebook and close the figure.

        Showing the file itself means the notebook shows exactly what an author gets, and the figure is not drawn a
        second time for display. When the print export is skipped (KCA_SKIP_PRINT_EXPORT=1, the test suite's
        notebook run) a one-line note stands in for the picture.
        """
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        sources = [s for s in pd.Series(list(sources)).dropna().unique()]
        style.source_line(fig, style.source_text(sources))
        written = figures.save(fig, name, notebook=self.notebook, caption=caption, tables=tables, sources=sources,
                               width=width)
        css_width = round(fig.get_size_inches()[0] * CSS_PIXELS_PER_INCH)
        plt.close(fig)
        png = next((path for path in written if path.suffix == ".png"), None)
        if png is not None:
            display(Image(data=png.read_bytes(), format="png", width=css_width))
        else:
            display({"text/plain": f"Print figure {self.notebook}-{figures.slug(name)}: export skipped "
                                   "(KCA_SKIP_PRINT_EXPORT=1); `make figures` writes its PDF, SVG and PNG."}, raw=True)

    def interactive(self, fig, name: str) -> None:
        """Save a plotly figure as offline HTML (figures/interactive/) and display it in the notebook.

        The chart is published as plotly's own MIME type, which JupyterLab draws and the site build embeds. Going
        straight to the MIME bundle skips plotly's renderer machinery, whose imports (nbformat, jsonschema) cost
        over two seconds per kernel. The figure is turned into plain JSON once and both outputs are made from it.
        """
        import plotly.io as pio
        from IPython.display import display

        spec = json.loads(pio.to_json(fig, validate=False))
        figures.save_interactive(spec, name, notebook=self.notebook)
        bundle = {PLOTLY_MIME: spec,
                  "text/plain": f"Interactive chart {self.notebook}-{name} (open in JupyterLab or the site)"}
        display(bundle, raw=True)

    def sources(self, *frames: pd.DataFrame) -> pd.DataFrame:
        """The sources behind the given tables: title, publisher, date, address, kind."""
        table = sources_for(*frames)
        return table[["source_id", "title", "publisher", "date_iso", "url", "kind", "weak"]].rename(
            columns={"date_iso": "date"})


def start(notebook: str) -> Lesson:
    """Apply the print style and the plotly defaults; return the notebook's Lesson helper."""
    style.use_print_style()
    style.use_plotly_defaults()
    pd.set_option("display.max_colwidth", 80)
    return Lesson(notebook)
