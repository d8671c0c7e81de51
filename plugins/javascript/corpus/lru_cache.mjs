/**
 * Least-recently-used cache on top of Map's insertion order.
 */
export default class LRUCache {
  #capacity;
  #entries = new Map();
  hits = 0;
  misses = 0;

  constructor(capacity = 100) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  get size() {
    return this.#entries.size;
  }

  get(key) {
    if (!this.#entries.has(key)) {
      this.misses += 1;
      return undefined;
    }
    const value = this.#entries.get(key);
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.hits += 1;
    return value;
  }

  set(key, value) {
    if (this.#entries.has(key)) {
      this.#entries.delete(key);
    } else if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
    return this;
  }

  *[Symbol.iterator]() {
    const keys = [...this.#entries.keys()].reverse();
    for (const key of keys) {
      yield [key, this.#entries.get(key)];
    }
  }

  get hitRate() {
    const total = this.hits + this.misses;
    return total === 0 ? 0 : this.hits / total;
  }
}

export function memoize(fn, capacity = 50) {
  const cache = new LRUCache(capacity);
  return function memoized(...args) {
    const key = JSON.stringify(args);
    let result = cache.get(key);
    if (result === undefined) {
      result = fn.apply(this, args);
      cache.set(key, result);
    }
    return result;
  };
}

const slowSquare = (n) => {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += n;
  }
  return total;
};

const fastSquare = memoize(slowSquare, 3);
for (const n of [4, 5, 4, 6, 7, 4]) {
  console.log(n, fastSquare(n));
}
