/**
 * Token-bucket rate limiting, one bucket per key.
 */
export class TokenBucket {
  constructor({ capacity, refillPerSecond, now = () => Date.now() }) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.now = now;
    this.tokens = capacity;
    this.updated = now();
  }

  static perMinute(count, options = {}) {
    return new TokenBucket({ capacity: count, refillPerSecond: count / 60, ...options });
  }

  #refill() {
    const current = this.now();
    const elapsed = (current - this.updated) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerSecond);
    this.updated = current;
  }

  tryTake(cost = 1) {
    this.#refill();
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return { allowed: true, retryAfter: 0 };
    }
    const missing = cost - this.tokens;
    return { allowed: false, retryAfter: Math.ceil((missing / this.refillPerSecond) * 1000) };
  }
}

export class KeyedLimiter {
  #buckets = new Map();

  constructor(factory) {
    this.factory = factory;
  }

  check(key, cost) {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = this.factory(key);
      this.#buckets.set(key, bucket);
    }
    return bucket.tryTake(cost);
  }
}

let clock = 0;
const limiter = new KeyedLimiter(() => TokenBucket.perMinute(3, { now: () => clock }));
const log = [];
for (const [time, user] of [[0, 'ann'], [0, 'ann'], [100, 'ann'], [200, 'ann'], [200, 'bo'], [25000, 'ann']]) {
  clock = time;
  const { allowed, retryAfter } = limiter.check(user);
  log.push(`${String(time).padStart(5)}ms ${user}: ${allowed ? 'ok' : `wait ${retryAfter}ms`}`);
}
console.log(log.join('\n'));
