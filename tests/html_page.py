"""A report page read back in tests: its images, links and scripts, and its text."""

from __future__ import annotations

from html.parser import HTMLParser


class HtmlPage(HTMLParser):
    """Collects ``img`` sources, ``link``/``script``/``a href`` attributes and the text."""

    def __init__(self):
        super().__init__()
        self.images, self.links, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag in ("link", "script") or (tag == "a" and "href" in attrs):
            self.links.append(attrs)

    def handle_data(self, data):
        self.text.append(data)
