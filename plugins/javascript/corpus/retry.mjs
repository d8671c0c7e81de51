import { setTimeout as sleep } from 'node:timers/promises';

export class RetryError extends Error {
  constructor(message, attempts, causes) {
    super(message);
    this.name = 'RetryError';
    this.attempts = attempts;
    this.causes = causes;
  }
}

/**
 * Call `task` until it resolves, waiting longer after every failure.
 *
 * @param {(attempt: number) => Promise<any>} task
 * @param {{retries?: number, base?: number, factor?: number, shouldRetry?: (e: Error) => boolean}} options
 */
export async function retry(task, { retries = 3, base = 10, factor = 2, shouldRetry = () => true } = {}) {
  const causes = [];
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      causes.push(error);
      if (attempt > retries || !shouldRetry(error)) {
        break;
      }
      const delay = base * factor ** (attempt - 1);
      const jitter = Math.floor(Math.random() * delay * 0.1);
      await sleep(delay + jitter);
    } finally {
      console.log(`attempt ${attempt} finished`);
    }
  }
  throw new RetryError(`gave up after ${causes.length} attempts`, causes.length, causes);
}

let calls = 0;
const flaky = async (attempt) => {
  calls += 1;
  if (attempt < 3) {
    throw new Error(`transient failure #${attempt}`);
  }
  return { ok: true, calls };
};

try {
  const result = await retry(flaky, { retries: 4, base: 1 });
  console.log('result', result);
} catch (error) {
  console.error(error.message);
}

await retry(async () => {
  throw new TypeError('permanent');
}, {
  shouldRetry: (error) => !(error instanceof TypeError),
}).catch((error) => {
  console.log(error.name, error.attempts);
});
