/** A generic stack with a fixed capacity. */
export class Stack<T> {
  private readonly items: T[] = [];

  constructor(private readonly capacity: number = 16) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): this {
    if (this.items.length >= this.capacity) {
      throw new RangeError(`stack is full (${this.capacity})`);
    }
    this.items.push(item);
    return this;
  }

  pop(): T | undefined {
    return this.items.pop();
  }

  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }
}

function balanced(text: string): boolean {
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  const stack = new Stack<string>(text.length);
  for (const char of text) {
    if ("([{".includes(char)) {
      stack.push(char);
    } else if (char in pairs) {
      if (stack.pop() !== pairs[char]) {
        return false;
      }
    }
  }
  return stack.isEmpty();
}

console.log(balanced("{[()]}"), balanced("(]"));
