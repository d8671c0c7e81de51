/**
 * A finite-state machine described as data, with guarded transitions,
 * entry actions and a replayable history.
 */
const machine = {
  initial: 'red',
  states: {
    red: { on: { TIMER: 'green' }, enter: () => 'stop' },
    green: { on: { TIMER: 'yellow', EMERGENCY: 'red' }, enter: () => 'go' },
    yellow: { on: { TIMER: 'red', EMERGENCY: 'red' }, enter: () => 'slow down' },
    broken: { on: {}, enter: () => 'call maintenance' },
  },
};

export function createMachine(definition) {
  let current = definition.initial;
  const history = [current];

  return {
    get state() {
      return current;
    },
    send(event, guard = () => true) {
      const target = definition.states[current]?.on[event];
      if (!target || !guard(current, target)) {
        return { changed: false, state: current };
      }
      current = target;
      history.push(current);
      return { changed: true, state: current, action: definition.states[current].enter() };
    },
    *[Symbol.iterator]() {
      yield* history;
    },
  };
}

const light = createMachine(machine);
const events = ['TIMER', 'TIMER', 'EMERGENCY', 'TIMER', 'UNKNOWN', 'TIMER'];
let step = 0;
do {
  const event = events[step];
  const { changed, state, action } = light.send(event, (from, to) => !(from === 'green' && to === 'red' && step > 4));
  console.log(`${event.padEnd(9)} ${changed ? `-> ${state}: ${action}` : '(ignored)'}`);
  step++;
} while (step < events.length);

try {
  console.log([...light].join(' > '));
} finally {
  console.log('final state:', light.state);
}
