"""Plotly figures of the inequality report: few kinds, one look.

Every function takes a tidy DataFrame (already read from a mart) and returns a Figure;
none computes a statistic: ratios, intervals and percentages are the marts' own."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

ABOVE, BELOW, NEITHER = "#d5281b", "#005eb8", "#768692"
PALETTE = ["#005eb8", "#ed8b00", "#009639", "#7c2855", "#768692", "#41b6e6", "#330072"]
FONT = dict(family="system-ui, -apple-system, Segoe UI, Arial, sans-serif", size=13)


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=60, r=20, t=60, b=50), font=FONT,
                      plot_bgcolor="white", paper_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0,
                                  xanchor="left"), **kwargs)
    fig.update_xaxes(showline=True, linecolor="#aab4bd", gridcolor="#eef1f3")
    fig.update_yaxes(showline=True, linecolor="#aab4bd", gridcolor="#eef1f3")
    return fig


def significance_colour(lower: float, upper: float, null: float = 1.0) -> str:
    if pd.notna(lower) and lower > null:
        return ABOVE
    if pd.notna(upper) and upper < null:
        return BELOW
    return NEITHER


def grouped_bars(df: pd.DataFrame, x: str, y: str, group: str, x_title: str, y_title: str,
                 height: int = 380, order: list[str] | None = None) -> go.Figure:
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby(group, sort=False)):
        fig.add_bar(x=part[x], y=part[y], name=str(name), marker_color=PALETTE[i % 7],
                    hovertemplate=f"%{{x}}: %{{y:.1f}}<extra>{name}</extra>")
    fig.update_xaxes(title=x_title, type="category",
                     categoryorder="array" if order else "trace",
                     categoryarray=order or None)
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, height, barmode="group")


def stacked_shares(df: pd.DataFrame, y: str, x: str, stack: str, x_title: str,
                   stack_order: list[str], height: int = 300) -> go.Figure:
    fig = go.Figure()
    for i, name in enumerate(stack_order):
        part = df[df[stack] == name]
        fig.add_bar(y=part[y], x=part[x], name=name, orientation="h",
                    marker_color=PALETTE[i % 7],
                    hovertemplate=f"%{{y}}: %{{x:.1f}}%<extra>{name}</extra>")
    fig.update_xaxes(title=x_title, range=[0, 100])
    fig.update_yaxes(type="category", autorange="reversed")
    return _layout(fig, height, barmode="stack")


def horizontal_bars(df: pd.DataFrame, label: str, value: str, x_title: str,
                    height: int | None = None, colour: str = PALETTE[0]) -> go.Figure:
    fig = go.Figure(go.Bar(y=df[label], x=df[value], orientation="h", marker_color=colour,
                           hovertemplate="%{y}: %{x:.1f}<extra></extra>"))
    fig.update_yaxes(type="category", autorange="reversed", automargin=True)
    fig.update_xaxes(title=x_title, rangemode="tozero")
    return _layout(fig, height or max(260, 26 * len(df) + 90))


def facet_bars(panels: dict[str, pd.DataFrame], label: str, value: str, x_title: str,
               cols: int = 2) -> go.Figure:
    """One horizontal bar panel per key (e.g. per need type)."""
    names = list(panels)
    rows = (len(names) + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names,
                        horizontal_spacing=0.28, vertical_spacing=0.12)
    for i, name in enumerate(names):
        part = panels[name]
        fig.add_bar(y=part[label], x=part[value], orientation="h", row=i // cols + 1,
                    col=i % cols + 1, marker_color=PALETTE[0], showlegend=False,
                    hovertemplate="%{y}: %{x:.1f}%<extra></extra>")
        fig.update_yaxes(type="category", autorange="reversed", automargin=True,
                         row=i // cols + 1, col=i % cols + 1)
    fig.update_xaxes(title=x_title, rangemode="tozero")
    return _layout(fig, 250 * rows + 60)


def ranked_intervals(df: pd.DataFrame, label: str, value: str, lower: str, upper: str,
                     y_title: str, null: float = 1.0, height: int = 420) -> go.Figure:
    """A caterpillar chart: areas ranked by their ratio, each with its interval, coloured
    by whether the interval lies above, below or across `null` (a map-free ranking)."""
    df = df.sort_values(value).reset_index(drop=True)
    colours = [significance_colour(lo, hi, null) for lo, hi in zip(df[lower], df[upper])]
    fig = go.Figure(go.Scatter(
        x=df.index + 1, y=df[value], mode="markers", marker=dict(color=colours, size=7),
        error_y=dict(type="data", symmetric=False, array=df[upper] - df[value],
                     arrayminus=df[value] - df[lower], color="#aab4bd", thickness=1),
        text=df[label], showlegend=False,
        hovertemplate="%{text}<br>%{y:.2f}<extra></extra>"))
    fig.add_hline(y=null, line_dash="dash", line_color="#425563")
    fig.update_xaxes(title="rank (lowest to highest)")
    fig.update_yaxes(title=y_title)
    return _layout(fig, height)


def forest(df: pd.DataFrame, label: str, value: str, lower: str, upper: str,
           x_title: str, null: float | None = 1.0, series: str | None = None,
           height: int | None = None) -> go.Figure:
    """Estimates with intervals, one row per label (and one marker per series)."""
    fig = go.Figure()
    groups = df.groupby(series, sort=False) if series else [(None, df)]
    for i, (name, part) in enumerate(groups):
        colours = ([significance_colour(lo, hi, null) for lo, hi in zip(part[lower], part[upper])]
                   if series is None and null is not None else PALETTE[i % 7])
        fig.add_scatter(
            y=part[label], x=part[value], mode="markers", name=str(name or ""),
            marker=dict(color=colours, size=8, symbol="circle" if i == 0 else "diamond"),
            error_x=dict(type="data", symmetric=False, array=part[upper] - part[value],
                         arrayminus=part[value] - part[lower], color="#aab4bd", thickness=1.2),
            showlegend=series is not None,
            hovertemplate="%{y}: %{x:.2f}<extra>" + str(name or "") + "</extra>")
    if null is not None:
        fig.add_vline(x=null, line_dash="dash", line_color="#425563")
    fig.update_yaxes(type="category", autorange="reversed", automargin=True)
    fig.update_xaxes(title=x_title)
    n = df[label].nunique()
    return _layout(fig, height or max(260, 24 * n + 110))


def facet_forest(panels: dict[str, pd.DataFrame], label: str, value: str, lower: str,
                 upper: str, series: str, null: float | None, cols: int = 2,
                 panel_height: int = 210) -> go.Figure:
    """forest() per panel (e.g. per outcome), each with its own scale and unit."""
    names = list(panels)
    rows = (len(names) + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names,
                        horizontal_spacing=0.22, vertical_spacing=0.5 / max(rows, 1))
    seen = set()
    for i, name in enumerate(names):
        part = panels[name]
        for j, (s, sub) in enumerate(part.groupby(series, sort=False)):
            fig.add_scatter(
                y=sub[label], x=sub[value], mode="markers", name=str(s),
                legendgroup=str(s), showlegend=s not in seen, row=i // cols + 1,
                col=i % cols + 1, marker=dict(color=PALETTE[j % 7], size=8),
                error_x=dict(type="data", symmetric=False, array=sub[upper] - sub[value],
                             arrayminus=sub[value] - sub[lower], color="#aab4bd"),
                hovertemplate="%{y}: %{x:.2f}<extra>" + str(s) + "</extra>")
            seen.add(s)
        if null is not None:
            fig.add_vline(x=null, line_dash="dash", line_color="#425563",
                          row=i // cols + 1, col=i % cols + 1)
        fig.update_yaxes(type="category", autorange="reversed", automargin=True,
                         row=i // cols + 1, col=i % cols + 1)
    fig = _layout(fig, panel_height * rows + 100)
    fig.update_layout(legend=dict(y=1.0 + 40 / (panel_height * rows + 100)),
                      margin=dict(t=90))
    return fig
