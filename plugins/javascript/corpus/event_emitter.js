'use strict';

/**
 * A small event emitter in the style of Node's EventEmitter.
 *
 * Listeners are kept per event name in insertion order; `once`
 * listeners remove themselves before they run.
 */
class EventEmitter {
  constructor() {
    this.listeners = new Map();
    this.maxListeners = 10;
  }

  on(event, listener) {
    if (typeof listener !== 'function') {
      throw new TypeError('listener must be a function');
    }
    const list = this.listeners.get(event) || [];
    list.push(listener);
    this.listeners.set(event, list);
    if (list.length > this.maxListeners) {
      console.warn(`possible leak: ${list.length} listeners for "${event}"`);
    }
    return this;
  }

  once(event, listener) {
    const wrapper = (...args) => {
      this.off(event, wrapper);
      listener.apply(this, args);
    };
    wrapper.original = listener;
    return this.on(event, wrapper);
  }

  off(event, listener) {
    const list = this.listeners.get(event);
    if (!list) {
      return this;
    }
    const index = list.findIndex(
      (candidate) => candidate === listener || candidate.original === listener
    );
    if (index !== -1) {
      list.splice(index, 1);
    }
    if (list.length === 0) {
      this.listeners.delete(event);
    }
    return this;
  }

  emit(event, ...args) {
    const list = this.listeners.get(event);
    if (!list) {
      if (event === 'error') {
        throw args[0] instanceof Error ? args[0] : new Error(String(args[0]));
      }
      return false;
    }
    for (const listener of [...list]) {
      listener.apply(this, args);
    }
    return true;
  }

  listenerCount(event) {
    return (this.listeners.get(event) || []).length;
  }
}

const bus = new EventEmitter();
bus.on('data', (chunk) => console.log('got', chunk));
bus.once('end', () => console.log('done'));
bus.emit('data', 'first');
bus.emit('end');
bus.emit('end');

module.exports = { EventEmitter };
