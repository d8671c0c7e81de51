#!/usr/bin/env python3
"""Print the most common words in one or more text files.

Usage: word_frequency.py [-n TOP] [--min-length N] [FILE ...]

Without files a built-in sample paragraph is analysed.
"""
import argparse
import re
import sys
from collections import Counter

SAMPLE = """
It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was
the epoch of incredulity, it was the season of Light, it was the season of
Darkness, it was the spring of hope, it was the winter of despair.
"""

STOP_WORDS = frozenset("a an and the of it was to in is".split())
WORD_RE = re.compile(r"[a-z']+")


def words(text, min_length=1):
    # The regex keeps apostrophes so that "don't" stays one word; quotes
    # used as punctuation ('like this') are stripped afterwards.
    for word in WORD_RE.findall(text.lower()):
        word = word.strip("'")
        if len(word) >= min_length and word not in STOP_WORDS:
            yield word


def build_parser():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=argparse.FileType("r"))
    parser.add_argument("-n", "--top", type=int, default=10)
    parser.add_argument("--min-length", type=int, default=3)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    counts = Counter()
    if not args.files:
        counts.update(words(SAMPLE, args.min_length))
    for handle in args.files:
        with handle:
            counts.update(words(handle.read(), args.min_length))

    if not counts:
        print("no words found", file=sys.stderr)
        return 1
    width = max(len(word) for word, _ in counts.most_common(args.top))
    for word, count in counts.most_common(args.top):
        print(f"{word:<{width}}  {count:>4}  {'#' * count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
