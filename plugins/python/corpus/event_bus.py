"""A minimal synchronous publish/subscribe event bus."""
from collections import defaultdict

__all__ = ["EventBus", "bus"]


class EventBus:
    def __init__(self):
        self._handlers = defaultdict(list)

    def subscribe(self, topic, handler=None, *, once=False):
        """Register *handler* for *topic*; usable as a decorator too."""
        def register(func):
            if once:
                def one_shot(*args, **kwargs):
                    self.unsubscribe(topic, one_shot)
                    return func(*args, **kwargs)
                self._handlers[topic].append(one_shot)
            else:
                self._handlers[topic].append(func)
            return func

        if handler is None:
            return register
        return register(handler)

    def unsubscribe(self, topic, handler):
        handlers = self._handlers.get(topic, [])
        if handler in handlers:
            handlers.remove(handler)

    def publish(self, topic, *args, **kwargs):
        # Copy the list: handlers may unsubscribe themselves while running.
        results = [h(*args, **kwargs) for h in list(self._handlers[topic])]
        wildcard = [h(topic, *args, **kwargs) for h in list(self._handlers["*"])]
        return results + wildcard


bus = EventBus()


def make_counter(name):
    """Return a handler that counts events, plus a way to read the count."""
    count = 0

    def handler(*_args, **_kwargs):
        nonlocal count
        count += 1
        return f"{name} #{count}"

    return handler, lambda: count


if __name__ == "__main__":
    @bus.subscribe("user.created")
    def send_welcome(user):
        return f"welcome mail sent to {user}"

    @bus.subscribe("user.created", once=True)
    def first_user(user):
        return f"{user} is the very first user!"

    counter, read_count = make_counter("audit")
    bus.subscribe("*", counter)

    for name in ("ada", "grace"):
        print(bus.publish("user.created", name))
    print("audited events:", read_count())
