/**
 * Run async tasks with bounded concurrency, and stream results with an async generator.
 */
export async function pool(tasks, concurrency = 4) {
  const results = new Array(tasks.length);
  let nextIndex = 0;

  async function worker(id) {
    while (nextIndex < tasks.length) {
      const index = nextIndex++;
      try {
        results[index] = { status: 'fulfilled', value: await tasks[index](), worker: id };
      } catch (reason) {
        results[index] = { status: 'rejected', reason, worker: id };
      }
    }
  }

  const workers = Array.from({ length: Math.min(concurrency, tasks.length) }, (_, id) => worker(id));
  await Promise.all(workers);
  return results;
}

export async function* inOrder(promises) {
  for (const promise of promises) {
    yield await promise;
  }
}

const delay = (ms, value, fail = false) =>
  new Promise((resolve, reject) => {
    setTimeout(() => (fail ? reject(new Error(`task ${value} failed`)) : resolve(value)), ms);
  });

const tasks = [30, 10, 20, 5, 15].map((ms, i) => () => delay(ms, i, i === 3));
const settled = await pool(tasks, 2);
for (const { status, value, reason } of settled) {
  console.log(status, status === 'fulfilled' ? value : reason.message);
}

let sum = 0;
for await (const value of inOrder([delay(5, 1), delay(1, 2), delay(3, 3)])) {
  sum += value;
}
console.log('sum', sum);
