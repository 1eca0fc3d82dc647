#!/usr/bin/env python3
"""Reads an Atom document with feedparser (Debian's python3-feedparser), a real feed reader's
parser, and prints what it understood as JSON, for test_feeds.cpp to check.

    feed_parse.py FILE   ->   {"bozo": false, "version": "atom10", "feed": {...}, "entries": [...]}
"""
import json
import sys

import feedparser


def links(item):
    return [{"rel": l.get("rel", ""), "type": l.get("type", ""), "href": l.get("href", "")} for l in item.get("links", [])]


def main():
    with open(sys.argv[1], "rb") as f:
        parsed = feedparser.parse(f.read())
    feed = parsed.feed
    out = {
        "bozo": bool(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "version": parsed.get("version", ""),
        "feed": {"id": feed.get("id", ""), "title": feed.get("title", ""), "updated": feed.get("updated", ""),
                 "author": feed.get("author", ""), "language": feed.get("language", ""), "links": links(feed)},
        "entries": [{"id": e.get("id", ""), "title": e.get("title", ""), "updated": e.get("updated", ""),
                     "summary": e.get("summary", ""), "author": e.get("author", ""), "links": links(e)}
                    for e in parsed.entries],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
