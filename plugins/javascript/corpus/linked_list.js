class Node {
  constructor(value, next = null) {
    this.value = value;
    this.next = next;
  }
}

class LinkedList {
  constructor(iterable = []) {
    this.head = null;
    this.length = 0;
    for (const value of iterable) {
      this.append(value);
    }
  }

  append(value) {
    const node = new Node(value);
    if (!this.head) {
      this.head = node;
    } else {
      let tail = this.head;
      while (tail.next) tail = tail.next;
      tail.next = node;
    }
    this.length++;
    return this;
  }

  prepend(value) {
    this.head = new Node(value, this.head);
    this.length++;
    return this;
  }

  remove(predicate) {
    let previous = null;
    for (let node = this.head; node; previous = node, node = node.next) {
      if (predicate(node.value)) {
        if (previous) previous.next = node.next;
        else this.head = node.next;
        this.length--;
        return node.value;
      }
    }
    return undefined;
  }

  reverse() {
    let previous = null;
    let node = this.head;
    while (node) {
      [node.next, previous, node] = [previous, node, node.next];
    }
    this.head = previous;
    return this;
  }

  *[Symbol.iterator]() {
    for (let node = this.head; node; node = node.next) {
      yield node.value;
    }
  }

  toString() {
    return [...this].join(' -> ') || '(empty)';
  }
}

const list = new LinkedList([3, 1, 4, 1, 5]);
list.prepend(9).append(2);
console.log(String(list), list.length);
console.log('removed', list.remove((value) => value === 1));
console.log(String(list.reverse()));

module.exports = LinkedList;
