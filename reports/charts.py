"""A ``Series`` drawn as an SVG chart by pygal, on the server: no JavaScript (pygal's own
script is switched off), dark colours on white that keep 3:1 against the background (WCAG
1.4.11) and each other's neighbours apart, and more than colour to tell series apart: values
printed on bars, a dash pattern and dot shape per line, the legend, and the table beside it.

The SVG is served by its own URL (``<img>`` on the page): pygal styles its chart with an
inline ``<style>``, which the page's Content Security Policy forbids, and an image's own
response may allow it (``reports.admin``)."""

from xml.etree import ElementTree

import pygal
from django.utils.translation import gettext_lazy as _
from pygal.style import Style

# Contrast against white: 6.1, 5.6, 5.1, 9.4, 6.5 : 1 (graphics need 3:1; white text on them,
# the values printed inside stacked bars, 4.5:1).
COLOURS = ("#01689b", "#a3520a", "#2e7d32", "#6a1b9a", "#b3261e")
# Lines: solid, dashed, dotted, dash-dot, long dash.
DASHES = ("", "8,4", "2,4", "8,4,2,4", "14,4")


def _style(*, values_inside: bool) -> Style:
    """Dark text on white; values printed inside (stacked) bars in white."""
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1b1b1b",
        foreground_strong="#000000",
        foreground_subtle="#595959",
        opacity="1",
        opacity_hover="1",
        colors=COLOURS,
        value_colors=("#ffffff",) * len(COLOURS) if values_inside else (),
        font_family="Arial, Helvetica, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        legend_font_size=14,
        title_font_size=17,
        tooltip_font_size=13,
    )


UNITS = {"%": "%", "days": _("days")}
KINDS = {
    "bar": pygal.Bar,
    "stacked": pygal.StackedBar,
    "line": pygal.Line,
    "hbar": pygal.HorizontalBar,
}


def render(series, *, no_data: str) -> str:
    """The SVG of ``series``, with its title and its conclusion as ``<title>`` and
    ``<desc>``."""
    kind = series.chart
    rows = list(reversed(series.rows)) if kind == "hbar" else series.rows
    chart = KINDS[kind](
        js=[],
        disable_xml_declaration=True,
        style=_style(values_inside=kind == "stacked"),
        print_values_position="center" if kind == "stacked" else "top",
        title=series.title,
        width=900,
        height=max(420, 28 * len(rows) + 140) if kind == "hbar" else 420,
        legend_at_bottom=True,
        show_legend=len(series.columns) > 1,
        print_values=kind in ("bar", "stacked", "hbar"),
        print_zeroes=False,
        x_label_rotation=0 if kind == "hbar" or len(rows) <= 12 else 40,
        truncate_label=-1,
        no_data_text=no_data,
        range=(0, 100) if series.unit == "%" else None,
        include_x_axis=True,
        y_title=str(UNITS[series.unit]) if series.unit else None,
        dots_size=4,
        stroke_style={"width": 3},
    )
    chart.x_labels = [str(row[0]) for row in rows]
    counts = [v for row in rows for v in row[1:] if isinstance(v, int)]
    if counts and not series.unit and (kind != "stacked") and max(counts) <= 10:
        chart.y_labels = list(range(0, max(counts) + 1))  # whole numbers for small counts
    for index, name in enumerate(series.columns):
        values = [row[index + 1] for row in rows]
        style = {"width": 3}
        if kind == "line":
            style["dasharray"] = DASHES[index % len(DASHES)]
        chart.add(str(name), values, stroke_style=style)
    return _accessible(chart.render_tree(), series)


def _accessible(svg, series) -> str:
    """The tree pygal drew, without its configuration script (it would do nothing here: the
    chart is an image, and its response allows no script) and with the title and conclusion
    named as the image's accessible name and description."""
    for parent in svg.iter():
        for child in [c for c in parent if c.tag == "script"]:
            parent.remove(child)
    for title in [c for c in svg if c.tag == "title"]:
        svg.remove(title)
    title = ElementTree.Element("title", id="chart-title")
    title.text = str(series.title)
    desc = ElementTree.Element("desc", id="chart-desc")
    desc.text = str(series.summary)
    svg.insert(0, desc)
    svg.insert(0, title)
    svg.set("role", "img")
    svg.set("aria-labelledby", "chart-title chart-desc")
    return ElementTree.tostring(svg, encoding="unicode")
