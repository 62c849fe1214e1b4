"""Small pieces of HTML the admin pages share: highlighted code and a horizontal bar chart."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

BAR_HEIGHT = 24
BAR_MAX_WIDTH = 200
LABEL_WIDTH = 140
CAPTION_WIDTH = 120


def highlighted_code(code: str, language: str) -> SafeString:
    """The code with line numbers, coloured by Pygments with inline styles; plain text for unknown languages."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    return mark_safe(highlight(code, lexer, HtmlFormatter(noclasses=True, linenos="inline")))  # Pygments escapes


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float
    caption: str
    color: str = "#417690"


def bar_chart(*, title: str, bars: list[Bar]) -> SafeString:
    """Percent bars, one row each, as an inline SVG that scales to the width of its box."""
    rows = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="0" y="15" font-size="12">{}</text>'
        '<rect x="{}" y="4" width="{}" height="14" fill="{}"></rect>'
        '<text x="{}" y="15" font-size="12">{}</text></g>',
        (
            (
                index * BAR_HEIGHT,
                bar.label,
                LABEL_WIDTH,
                round(float(bar.percent) * BAR_MAX_WIDTH / 100),
                bar.color,
                LABEL_WIDTH + 6 + round(float(bar.percent) * BAR_MAX_WIDTH / 100),
                bar.caption,
            )
            for index, bar in enumerate(bars)
        ),
    )
    height = BAR_HEIGHT * len(bars) + 8
    width = LABEL_WIDTH + BAR_MAX_WIDTH + CAPTION_WIDTH
    return format_html(
        '<svg role="img" aria-label="{}" width="100%" height="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMinYMin meet">{}</svg>',
        title,
        height,
        width,
        height,
        rows,
    )
