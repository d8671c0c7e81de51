type Handler<T> = (payload: T) => void;

interface Events {
  login: { user: string };
  logout: { user: string; reason?: string };
  tick: number;
}

export class EventBus<M extends Record<string, unknown>> {
  private handlers: { [K in keyof M]?: Array<Handler<M[K]>> } = {};

  on<K extends keyof M>(event: K, handler: Handler<M[K]>): () => void {
    const list = this.handlers[event] ?? [];
    list.push(handler);
    this.handlers[event] = list;
    return () => this.off(event, handler);
  }

  off<K extends keyof M>(event: K, handler: Handler<M[K]>): void {
    const list = this.handlers[event];
    if (!list) {
      return;
    }
    this.handlers[event] = list.filter((h) => h !== handler);
  }

  emit<K extends keyof M>(event: K, payload: M[K]): number {
    const list = this.handlers[event] ?? [];
    list.forEach((handler) => handler(payload));
    return list.length;
  }
}

const bus = new EventBus<Events>();
const seen: string[] = [];
const stop = bus.on("login", ({ user }) => seen.push(user));
bus.on("tick", (n) => seen.push(`tick ${n}`));
bus.emit("login", { user: "ada" });
stop();
bus.emit("login", { user: "bob" });
bus.emit("tick", 1);
console.log(seen);
