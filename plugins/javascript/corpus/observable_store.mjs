/**
 * A reactive store: a Proxy records reads while an effect runs and
 * re-runs the effect when one of those properties changes.
 */
const subscribers = new WeakMap();
let activeEffect = null;

function track(target, key) {
  if (!activeEffect) return;
  let byKey = subscribers.get(target);
  if (!byKey) subscribers.set(target, (byKey = new Map()));
  let effects = byKey.get(key);
  if (!effects) byKey.set(key, (effects = new Set()));
  effects.add(activeEffect);
}

function trigger(target, key) {
  const effects = subscribers.get(target)?.get(key);
  if (effects) {
    [...effects].forEach((effect) => effect());
  }
}

export function reactive(initial) {
  return new Proxy(initial, {
    get(target, key, receiver) {
      track(target, key);
      const value = Reflect.get(target, key, receiver);
      return value !== null && typeof value === 'object' ? reactive(value) : value;
    },
    set(target, key, value, receiver) {
      const old = target[key];
      const ok = Reflect.set(target, key, value, receiver);
      if (ok && old !== value) trigger(target, key);
      return ok;
    },
    deleteProperty(target, key) {
      const had = Reflect.has(target, key);
      const ok = Reflect.deleteProperty(target, key);
      if (had && ok) trigger(target, key);
      return ok;
    },
  });
}

export function effect(fn) {
  const run = () => {
    const previous = activeEffect;
    activeEffect = run;
    try {
      fn();
    } finally {
      activeEffect = previous;
    }
  };
  run();
  return run;
}

export function computed(getter) {
  const box = reactive({ value: undefined });
  effect(() => {
    box.value = getter();
  });
  return box;
}

const cart = reactive({ items: [], coupon: null });
const total = computed(() => {
  const sum = cart.items.reduce((acc, { price, qty }) => acc + price * qty, 0);
  return cart.coupon === 'HALF' ? sum / 2 : sum;
});
effect(() => console.log(`total: ${total.value.toFixed(2)}`));

cart.items = [...cart.items, { price: 4.5, qty: 2 }];
cart.items = [...cart.items, { price: 10, qty: 1 }];
cart.coupon = 'HALF';
delete cart.coupon;
