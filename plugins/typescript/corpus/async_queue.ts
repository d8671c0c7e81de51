type Task<T> = () => Promise<T>;

export class AsyncQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (limit < 1) {
      throw new RangeError("limit must be at least 1");
    }
  }

  async run<T>(task: Task<T>): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      const next = this.waiting.shift();
      if (next) {
        next();
      }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const queue = new AsyncQueue(2);
  const started: number[] = [];
  const results = await Promise.all(
    [1, 2, 3, 4].map((n) =>
      queue.run(async () => {
        started.push(n);
        await delay(5 * n);
        return n * n;
      }),
    ),
  );
  console.log(started, results);
}

main().catch((error: unknown) => console.error(error));
