"""A day at a site's counters as a self-contained HTML animation (Plotly, plotly.js inlined).

One frame per minute of the day (``analysis.day_view``): each counter pool is a column with
its counters on top (grey when free, in the colour of the citizen's channel when busy,
orange while a clerk scans a postal dossier) and its queue below, in the order the
citizens will be called (the priority lane first); citizens still queueing at the last
closing go to the "sent home" column. Colours by channel, diamonds for a result pick-up, a
red outline for the priority lane. A text line gives the clock, the citizens waiting, the
mean wait so far (open minutes, of the citizens called by then) and those sent home.

Why Plotly directly rather than vidigi (the animation library made for queues from an
event log, which draws over Plotly too): vidigi places each entity on a fixed path of
steps with one resource pool per step and repeats every entity in every snapshot through
pandas; here a site has several pools with a priority lane, pick-ups among submissions
and a daily send-home, which would all be custom drawing on top of vidigi anyway. Plotly
alone gives the frames, the play/pause buttons and the time slider, with one dependency.

The page exposes what each frame holds as ``window.onestopDay`` (frame names and the
number of citizens queueing per frame; the queue trace's name) for tests and scripts; the
browser test counts the points actually drawn.
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path

import plotly.io

from simulator.analysis.day_view import DayView, busy_at, mean_wait_by, queue_at, sent_home_by
from simulator.output.storage import atomic_write_bytes

COLOURS = {"walkin": "#1f77b4", "online": "#2ca02c", "postal": "#ff7f0e"}
CHANNEL_NAMES = {"walkin": "walk-in", "online": "online", "postal": "postal"}
FREE, MAIL, PRIORITY_LINE = "#d9d9d9", "#ff7f0e", "#d62728"
QUEUE_TRACE = "queueing"
MINUTE_MS = {"▶ play": 150, "▶▶ ×5": 30}  # milliseconds a simulated minute lasts on screen
HOME_COLUMNS = 5


def clock(minutes: float) -> str:
    """HH:MM of a time in minutes (of the clock or since the start date)."""
    minute = int(minutes) % 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


class Layout:
    """Where each pool's counters and queue sit (x in counter widths, y in rows)."""

    def __init__(self, view: DayView, times: list[float]):
        longest = {name: 0 for name, _ in view.pools}
        for at in times[::5]:  # every 5 minutes is enough to size the columns
            for name, queue in queue_at(view, at).items():
                longest[name] = max(longest.get(name, 0), len(queue))
        self.left: dict[str, float] = {}
        self.columns: dict[str, int] = {}
        x = 0.0
        for name, counters in view.pools:
            self.left[name] = x
            self.columns[name] = max(counters, 4, math.ceil(longest[name] / 12))
            x += self.columns[name] + 1.5
        self.home_left = x + 0.5
        rows = [math.ceil(longest[n] / self.columns[n]) for n in self.columns]
        home = math.ceil(len(sent_home_by(view, math.inf)) / HOME_COLUMNS)
        self.bottom = -2.0 - max(rows + [home, 3])
        self.right = self.home_left + HOME_COLUMNS

    def queue_place(self, pool: str, k: int) -> tuple[float, float]:
        columns = self.columns[pool]
        return self.left[pool] + k % columns, -1.5 - k // columns

    def home_place(self, k: int) -> tuple[float, float]:
        return self.home_left + k % HOME_COLUMNS, -1.5 - k // HOME_COLUMNS


def frame_traces(view: DayView, layout: Layout, at: float) -> list[dict]:
    """The four animated traces at ``at``: counters, queueing, sent home, text."""
    queues = queue_at(view, at)
    return [
        _counters(view, layout, at),
        _citizens(queues, layout),
        _sent_home(view, layout, at),
        _texts(view, layout, at, queues),
    ]


def _counters(view: DayView, layout: Layout, at: float) -> dict:
    busy = busy_at(view, at)
    x, y, colours, hover = [], [], [], []
    for name, counters in view.pools:
        for counter in range(1, counters + 1):
            service = busy.get((name, counter))
            x.append(layout.left[name] + counter - 1)
            y.append(0.0)
            if service is None:
                colours.append(FREE)
                hover.append(f"counter {counter}: free")
            else:
                colours.append(MAIL if service.mail else COLOURS[service.channel])
                what = "scanning a postal dossier" if service.mail else "serving"
                hover.append(f"counter {counter}: {what} since {clock(service.start_at)}")
    marker = {"symbol": "square", "size": 22, "color": colours, "line": {"width": 1}}
    return _points("counters", x, y, marker, hover)


def _citizens(queues: dict, layout: Layout) -> dict:
    x, y, colours, symbols, lines, hover = [], [], [], [], [], []
    for pool, queue in queues.items():
        for k, visit in enumerate(queue):
            px, py = layout.queue_place(pool, k)
            x.append(px)
            y.append(py)
            colours.append(COLOURS.get(visit.channel, "#7f7f7f"))
            symbols.append("diamond" if visit.pickup else "circle")
            lines.append(2.5 if visit.priority else 0.5)
            why = "for a result" if visit.pickup else "to submit"
            hover.append(
                f"dossier {visit.case}, {CHANNEL_NAMES.get(visit.channel, visit.channel)} "
                f"{why}{', priority' if visit.priority else ''}; ticket {clock(visit.ticket_at)}"
            )
    line = {"width": lines, "color": PRIORITY_LINE}
    marker = {"size": 13, "color": colours, "symbol": symbols, "line": line}
    return _points(QUEUE_TRACE, x, y, marker, hover)


def _sent_home(view: DayView, layout: Layout, at: float) -> dict:
    gone = sent_home_by(view, at)
    places = [layout.home_place(k) for k in range(len(gone))]
    colours = [COLOURS.get(v.channel, "#7f7f7f") for v in gone]
    marker = {"size": 11, "color": colours, "symbol": "x"}
    hover = [f"dossier {v.case}: sent home at {clock(v.left_at)}" for v in gone]
    return _points("sent home", [p[0] for p in places], [p[1] for p in places], marker, hover)


def _texts(view: DayView, layout: Layout, at: float, queues: dict) -> dict:
    mean, called = mean_wait_by(view, at)
    waiting = sum(len(q) for q in queues.values())
    wait = "–" if called == 0 else f"{mean:.1f} min ({called} called)"
    home = len(sent_home_by(view, at))
    busy = f"{len(busy_at(view, at))}/{sum(n for _, n in view.pools)}"
    summary = (
        f"<b>{clock(at)}</b>  ·  <b>{waiting}</b> waiting  ·  counters busy {busy}"
        f"  ·  mean wait so far {wait}  ·  sent home at closing: {home}"
    )
    x, y, text = [0.0], [1.9], [summary]
    for name, _counters in view.pools:
        x.append(layout.left[name])
        y.append(0.9)
        text.append(f"<b>{pool_label(view.site, name)}</b>: {len(queues.get(name, []))}")
    x.append(layout.home_left)
    y.append(0.9)
    text.append("<b>sent home</b>")
    return {
        "type": "scatter",
        "name": "text",
        "mode": "text",
        "x": x,
        "y": y,
        "text": text,
        "textposition": "middle right",
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _points(name: str, x: list, y: list, marker: dict, hover: list) -> dict:
    return {
        "type": "scatter",
        "name": name,
        "mode": "markers",
        "x": x,
        "y": y,
        "marker": marker,
        "hovertext": hover,
        "hoverinfo": "text",
        "showlegend": False,
    }


def pool_label(site: str, pool: str) -> str:
    """``counters_provincial_centre.land`` -> ``land``; a single pool -> ``counters``."""
    rest = pool.removeprefix(f"counters_{site}").lstrip(".")
    return rest.replace("_", " ") if rest else "counters"


def day_figure(view: DayView, span: tuple[float, float]) -> dict:
    """The Plotly figure (a dict): one frame per minute of ``span``, buttons and a slider."""
    times = [float(t) for t in range(int(span[0]), int(span[1]) + 1)]
    layout = Layout(view, times)
    frames = [
        {"name": clock(at), "data": frame_traces(view, layout, at), "traces": [0, 1, 2, 3]}
        for at in times
    ]
    return {
        "data": [*frames[0]["data"], *_legend()],
        "frames": frames,
        "layout": _layout(layout, [f["name"] for f in frames]),
    }


def _legend() -> list[dict]:
    """Traces without points that only explain the colours and shapes."""
    keys = [
        ("walk-in", COLOURS["walkin"], "circle", 0.5),
        ("online (result fetched at a counter)", COLOURS["online"], "diamond", 0.5),
        ("postal dossier scanned at a counter", MAIL, "square", 0.5),
        ("priority lane (elderly, pregnant)", "#ffffff", "circle", 2.5),
        ("fetching a result", "#7f7f7f", "diamond", 0.5),
        ("free counter", FREE, "square", 1),
    ]
    return [
        {
            "type": "scatter",
            "name": name,
            "mode": "markers",
            "x": [None],
            "y": [None],
            "marker": {
                "color": colour,
                "symbol": symbol,
                "size": 12,
                "line": {"width": width, "color": PRIORITY_LINE if width > 2 else "#444"},
            },
        }
        for name, colour, symbol, width in keys
    ]


def _layout(layout: Layout, names: list[str]) -> dict:
    hidden = {"visible": False, "fixedrange": True}
    return {
        "xaxis": {**hidden, "range": [-1.0, layout.right + 1.0]},
        "yaxis": {**hidden, "range": [layout.bottom, 2.4]},
        "height": max(520, int(60 * (2.4 - layout.bottom)) + 160),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.02, "yanchor": "top"},
        "updatemenus": [_buttons()],
        "sliders": [_slider(names)],
    }


def _buttons() -> dict:
    def play(ms: int) -> dict:
        return {
            "frame": {"duration": ms, "redraw": False},
            "fromcurrent": True,
            "transition": {"duration": 0},
        }

    pause = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    buttons = [
        {"label": label, "method": "animate", "args": [None, play(ms)]}
        for label, ms in MINUTE_MS.items()
    ]
    buttons.append({"label": "❚❚ pause", "method": "animate", "args": [[None], pause]})
    return {
        "type": "buttons",
        "direction": "left",
        "x": 0.0,
        "y": 1.0,
        "yanchor": "bottom",
        "xanchor": "left",
        "buttons": buttons,
        "showactive": False,
    }


def _slider(names: list[str]) -> dict:
    step = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "active": 0,
        "x": 0.3,
        "len": 0.7,
        "y": 1.0,
        "yanchor": "bottom",
        "currentvalue": {"prefix": "time "},
        "steps": [{"label": name, "method": "animate", "args": [[name], step]} for name in names],
    }


def day_html(view: DayView, span: tuple[float, float], title: str) -> str:
    """The animation as one HTML page (plotly.js inlined: opens offline in any browser)."""
    figure = day_figure(view, span)
    div = plotly.io.to_html(
        figure,
        include_plotlyjs=True,
        full_html=False,
        auto_play=False,
        validate=False,
        div_id="onestop-day",
        config={"displaylogo": False, "responsive": True},
    )
    exposed = {
        "div": "onestop-day",
        "queueTrace": QUEUE_TRACE,
        "frames": [f["name"] for f in figure["frames"]],
        "queueing": {f["name"]: len(f["data"][1]["x"]) for f in figure["frames"]},
    }
    exposed_json = json.dumps(exposed, separators=(",", ":"))
    return PAGE.format(title=escape(title), div=div, exposed=exposed_json)


def write_day_html(view: DayView, span: tuple[float, float], title: str, path: Path) -> Path:
    atomic_write_bytes(path, day_html(view, span, title).encode("utf-8"))
    return path


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: sans-serif; margin: 1em; }} p {{ margin: 0.3em 0; }}</style>
</head><body>
<h2>{title}</h2>
<p>Each column is a counter pool: its counters on top (grey: free), its queue below in the
order the citizens will be called. Press play; drag the slider to go to a time.</p>
{div}
<script>window.onestopDay = {exposed};</script>
</body></html>
"""
