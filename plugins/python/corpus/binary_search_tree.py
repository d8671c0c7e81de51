"""An unbalanced binary search tree with a mapping-like interface.

>>> tree = BinarySearchTree.from_items([(5, "e"), (2, "b"), (8, "h"), (1, "a")])
>>> tree[2]
'b'
>>> 8 in tree, 3 in tree
(True, False)
>>> list(tree)
[1, 2, 5, 8]
>>> del tree[5]
>>> list(tree.items())
[(1, 'a'), (2, 'b'), (8, 'h')]
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional, Tuple


class BinarySearchTree:
    """Keys must be mutually comparable; values can be anything."""

    class _Node:
        __slots__ = ("key", "value", "left", "right")

        def __init__(self, key: Any, value: Any) -> None:
            self.key = key
            self.value = value
            self.left: Optional[BinarySearchTree._Node] = None
            self.right: Optional[BinarySearchTree._Node] = None

    def __init__(self) -> None:
        self._root: Optional[BinarySearchTree._Node] = None
        self._size = 0

    @classmethod
    def from_items(cls, items: Iterable[Tuple[Any, Any]]) -> BinarySearchTree:
        tree = cls()
        for key, value in items:
            tree[key] = value
        return tree

    @classmethod
    def balanced(cls, sorted_items: list[Tuple[Any, Any]]) -> BinarySearchTree:
        """Build a height-balanced tree from items already sorted by key."""
        tree = cls()

        def build(lo: int, hi: int) -> Optional[BinarySearchTree._Node]:
            if lo >= hi:
                return None
            mid = (lo + hi) // 2
            node = cls._Node(*sorted_items[mid])
            node.left = build(lo, mid)
            node.right = build(mid + 1, hi)
            return node

        tree._root = build(0, len(sorted_items))
        tree._size = len(sorted_items)
        return tree

    # -- mapping protocol ---------------------------------------------------

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: Any) -> bool:
        return self._find(key) is not None

    def __getitem__(self, key: Any) -> Any:
        node = self._find(key)
        if node is None:
            raise KeyError(key)
        return node.value

    def __setitem__(self, key: Any, value: Any) -> None:
        parent, node = None, self._root
        while node is not None:
            if key == node.key:
                node.value = value  # overwrite in place
                return
            parent, node = node, (node.left if key < node.key else node.right)
        new = self._Node(key, value)
        if parent is None:
            self._root = new
        elif key < parent.key:
            parent.left = new
        else:
            parent.right = new
        self._size += 1

    def __delitem__(self, key: Any) -> None:
        self._root, removed = self._delete(self._root, key)
        if not removed:
            raise KeyError(key)
        self._size -= 1

    def __iter__(self) -> Iterator[Any]:
        return (key for key, _ in self.items())

    # -- helpers ------------------------------------------------------------

    def _find(self, key: Any) -> Optional[BinarySearchTree._Node]:
        node = self._root
        while node is not None and node.key != key:
            node = node.left if key < node.key else node.right
        return node

    def _delete(
        self, node: Optional[BinarySearchTree._Node], key: Any
    ) -> Tuple[Optional[BinarySearchTree._Node], bool]:
        if node is None:
            return None, False
        if key < node.key:
            node.left, removed = self._delete(node.left, key)
            return node, removed
        if key > node.key:
            node.right, removed = self._delete(node.right, key)
            return node, removed
        # Found it: splice out nodes with at most one child ...
        if node.left is None or node.right is None:
            return node.left or node.right, True
        # ... otherwise replace with the in-order successor.
        successor = node.right
        while successor.left is not None:
            successor = successor.left
        node.key, node.value = successor.key, successor.value
        node.right, _ = self._delete(node.right, successor.key)
        return node, True

    def items(self) -> Iterator[Tuple[Any, Any]]:
        def walk(node: Optional[BinarySearchTree._Node]) -> Iterator[Tuple[Any, Any]]:
            if node is not None:
                yield from walk(node.left)
                yield node.key, node.value
                yield from walk(node.right)

        return walk(self._root)

    def height(self) -> int:
        def depth(node: Optional[BinarySearchTree._Node]) -> int:
            return 0 if node is None else 1 + max(depth(node.left), depth(node.right))

        return depth(self._root)


if __name__ == "__main__":
    words = "the quick brown fox jumps over the lazy dog".split()
    naive = BinarySearchTree.from_items((w, len(w)) for w in sorted(set(words)))
    good = BinarySearchTree.balanced(sorted((w, len(w)) for w in set(words)))
    print(f"{len(naive)} keys: naive height {naive.height()}, balanced height {good.height()}")
    print(dict(good.items()))
