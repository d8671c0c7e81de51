/**
 * Rate-shaping helpers built from closures and timers.
 */
function debounce(fn, wait, { leading = false } = {}) {
  let timer = null;
  let lastArgs = null;

  function flush() {
    timer = null;
    if (lastArgs) {
      fn(...lastArgs);
      lastArgs = null;
    }
  }

  const debounced = (...args) => {
    const callNow = leading && timer === null;
    lastArgs = callNow ? null : args;
    clearTimeout(timer);
    timer = setTimeout(flush, wait);
    if (callNow) {
      fn(...args);
    }
  };
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = null;
    lastArgs = null;
  };
  return debounced;
}

function throttle(fn, interval) {
  let last = 0;
  let pending;
  return function throttled(...args) {
    const now = Date.now();
    const remaining = interval - (now - last);
    if (remaining <= 0) {
      last = now;
      fn.apply(this, args);
    } else if (!pending) {
      pending = setTimeout(() => {
        pending = undefined;
        last = Date.now();
        fn.apply(this, args);
      }, remaining);
    }
  };
}

const log = [];
const save = debounce((text) => log.push(`saved ${text}`), 20);
'hello'.split('').forEach((_, i, letters) => save(letters.slice(0, i + 1).join('')));

const tick = throttle((n) => log.push(`tick ${n}`), 15);
for (let n = 0; n < 5; n++) {
  tick(n);
}

setTimeout(() => {
  console.log(log.join('\n'));
}, 60);

module.exports = { debounce, throttle };
