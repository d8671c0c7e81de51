"""A doubly linked list implementing the mutable sequence basics."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")


@dataclass(eq=False, repr=False)  # links point at each other: avoid recursion
class _Link(Generic[T]):
    value: T
    prev: Optional[_Link[T]] = None
    next: Optional[_Link[T]] = None


class LinkedList(Generic[T]):
    """Doubly linked list with O(1) appends and pops at both ends.

    >>> items = LinkedList([1, 2, 3])
    >>> items.appendleft(0)
    >>> items
    LinkedList([0, 1, 2, 3])
    >>> items.pop(), items.popleft(), len(items)
    (3, 0, 2)
    >>> list(reversed(items))
    [2, 1]
    """

    def __init__(self, values: Iterable[T] = ()) -> None:
        self._head: Optional[_Link[T]] = None
        self._tail: Optional[_Link[T]] = None
        self._length = 0
        for value in values:
            self.append(value)

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        link = self._head
        while link is not None:
            yield link.value
            link = link.next

    def __reversed__(self) -> Iterator[T]:
        link = self._tail
        while link is not None:
            yield link.value
            link = link.prev

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinkedList):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"

    def __getitem__(self, index: int) -> T:
        return self._link_at(index).value

    def _link_at(self, index: int) -> _Link[T]:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("linked list index out of range")
        # Walk from whichever end is closer.
        if index < self._length // 2:
            link = self._head
            for _ in range(index):
                link = link.next
        else:
            link = self._tail
            for _ in range(self._length - 1 - index):
                link = link.prev
        return link

    def append(self, value: T) -> None:
        link = _Link(value, prev=self._tail)
        if self._tail is None:
            self._head = link
        else:
            self._tail.next = link
        self._tail = link
        self._length += 1

    def appendleft(self, value: T) -> None:
        link = _Link(value, next=self._head)
        if self._head is None:
            self._tail = link
        else:
            self._head.prev = link
        self._head = link
        self._length += 1

    def _unlink(self, link: _Link[T]) -> T:
        if link.prev is None:
            self._head = link.next
        else:
            link.prev.next = link.next
        if link.next is None:
            self._tail = link.prev
        else:
            link.next.prev = link.prev
        self._length -= 1
        return link.value

    def pop(self, index: int = -1) -> T:
        return self._unlink(self._link_at(index))

    def popleft(self) -> T:
        return self.pop(0)

    def remove(self, value: T) -> None:
        link = self._head
        while link is not None:
            if link.value == value:
                break
            link = link.next
        else:
            raise ValueError(f"{value!r} not in list")
        self._unlink(link)


if __name__ == "__main__":
    queue = LinkedList("abcdef")
    queue.remove("c")
    print(queue, queue[1], queue[-2])
    print("".join(reversed(queue)))
