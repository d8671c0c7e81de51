"""Prefix tree supporting insertion, lookup and auto-completion."""
from __future__ import annotations

from typing import Iterator, Optional


class Trie:
    """A set of strings organised by shared prefixes.

    >>> t = Trie(["car", "cart", "care", "dog"])
    >>> "car" in t, "ca" in t
    (True, False)
    >>> list(t.complete("car"))
    ['car', 'care', 'cart']
    >>> len(t)
    4
    """

    class Node:
        __slots__ = ("children", "terminal")

        def __init__(self) -> None:
            self.children: dict[str, Trie.Node] = {}
            self.terminal = False

        def __repr__(self) -> str:
            marker = "*" if self.terminal else ""
            return f"Node{marker}({''.join(sorted(self.children))})"

    def __init__(self, words: Optional[list[str]] = None) -> None:
        self.root = self.Node()
        self._size = 0
        for word in words or ():
            self.add(word)

    def __len__(self) -> int:
        return self._size

    def __contains__(self, word: str) -> bool:
        node = self._find(word)
        return node is not None and node.terminal

    def __iter__(self) -> Iterator[str]:
        return self.complete("")

    def _find(self, prefix: str) -> Optional[Trie.Node]:
        node = self.root
        for ch in prefix:
            if (node := node.children.get(ch)) is None:
                return None
        return node

    def add(self, word: str) -> bool:
        """Insert *word*; return ``True`` if it was not present before."""
        node = self.root
        for ch in word:
            node = node.children.setdefault(ch, self.Node())
        if node.terminal:
            return False
        node.terminal = True
        self._size += 1
        return True

    def complete(self, prefix: str) -> Iterator[str]:
        """Yield every stored word starting with *prefix*, alphabetically."""
        start = self._find(prefix)
        if start is None:
            return

        def walk(node: Trie.Node, path: str) -> Iterator[str]:
            if node.terminal:
                yield path
            for ch in sorted(node.children):
                yield from walk(node.children[ch], path + ch)

        yield from walk(start, prefix)

    def longest_common_prefix(self) -> str:
        prefix, node = "", self.root
        while len(node.children) == 1 and not node.terminal:
            (ch, node), = node.children.items()
            prefix += ch
        return prefix


if __name__ == "__main__":
    words = "interstellar internet interval internal interview".split()
    trie = Trie(words)
    print("common prefix:", trie.longest_common_prefix())
    print("interv* ->", ", ".join(trie.complete("interv")))
    print(sorted(trie) == sorted(words))
