export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  factor?: number;
  shouldRetry?: (error: unknown, attempt: number) => boolean;
}

export class RetryError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(message);
    this.name = "RetryError";
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, baseDelayMs, factor = 2, shouldRetry = () => true } = options;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      lastError = error;
      if (attempt === attempts || !shouldRetry(error, attempt)) {
        break;
      }
      await sleep(baseDelayMs * factor ** (attempt - 1));
    }
  }
  throw new RetryError(`gave up after ${attempts} attempts`, attempts, lastError);
}

let calls = 0;
retry(
  async (attempt) => {
    calls++;
    if (attempt < 3) {
      throw new Error(`flaky ${attempt}`);
    }
    return "done";
  },
  { attempts: 5, baseDelayMs: 1 },
).then((value) => console.log(value, calls));
