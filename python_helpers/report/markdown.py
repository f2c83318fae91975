"""Small Markdown writers shared by the governance pack and the review, and the one
Markdown-to-HTML step (mistune) with the project's page style."""
from __future__ import annotations

import html
import re
from pathlib import Path

import mistune
import pandas as pd

STYLE = (Path(__file__).parent / "templates" / "style.css")


def cell(value) -> str:
    """One table cell: numbers with thousands separators, no pipes or line breaks."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:,.1f}"
    text = str(value).replace("|", "\\|")
    return re.sub(r"\s+", " ", text).strip()


def table(columns: list[str], rows: list[list]) -> str:
    if not rows:
        return "_(none)_\n"
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items) + "\n" if items else "_(none)_\n"


def code(text: str) -> str:
    """Inline code that survives any character a header holds (backticks, brackets)."""
    text = str(text)
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") or text.strip() != text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def to_html(markdown_text: str, title: str) -> str:
    """A self-contained page: the Markdown rendered, escaped, with the shared style and a
    table of contents built from the level-2 headings."""
    render = mistune.create_markdown(escape=True, plugins=["table"])
    body = render(markdown_text)
    # anchors for the headings, and the contents list
    toc = []

    def anchor(match: re.Match) -> str:
        level, text = match.group(1), match.group(2)
        slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-")
        if level == "2":
            toc.append((slug, re.sub(r"<[^>]+>", "", text)))
        return f'<h{level} id="{slug}">{text}</h{level}>'

    body = re.sub(r"<h([23])>(.*?)</h\1>", anchor, body)
    contents = "".join(f'<li><a href="#{slug}">{text}</a></li>' for slug, text in toc)
    nav = f'<nav class="toc"><strong>Contents</strong><ol>{contents}</ol></nav>'
    first = body.find("<h2")   # the contents go after the title and its introduction
    body = body[:first] + nav + body[first:] if first >= 0 else nav + body
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<style>{STYLE.read_text(encoding='utf-8')}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
