"""Order lifecycle modelled as an explicit finite state machine."""
from enum import Enum, auto


class State(Enum):
    NEW = auto()
    PAID = auto()
    SHIPPED = auto()
    DELIVERED = auto()
    CANCELLED = auto()
    REFUNDED = auto()


class Event(Enum):
    PAY = "pay"
    SHIP = "ship"
    DELIVER = "deliver"
    CANCEL = "cancel"
    REFUND = "refund"


class InvalidTransition(Exception):
    def __init__(self, state, event):
        super().__init__(f"cannot {event.value} an order that is {state.name.lower()}")
        self.state = state
        self.event = event


def next_state(state, event, *, days_since_delivery=0):
    """Return the state reached from *state* when *event* happens."""
    match (state, event):
        case (State.NEW, Event.PAY):
            return State.PAID
        case (State.NEW | State.PAID, Event.CANCEL):
            return State.CANCELLED
        case (State.PAID, Event.SHIP):
            return State.SHIPPED
        case (State.SHIPPED, Event.DELIVER):
            return State.DELIVERED
        case (State.DELIVERED, Event.REFUND) if days_since_delivery <= 30:
            return State.REFUNDED
        case _:
            raise InvalidTransition(state, event)


class Order:
    def __init__(self, order_id):
        self.order_id = order_id
        self.state = State.NEW
        self.history = [State.NEW]

    def apply(self, event, **context):
        self.state = next_state(self.state, event, **context)
        self.history.append(self.state)
        return self

    @property
    def is_final(self):
        return self.state in {State.CANCELLED, State.REFUNDED, State.DELIVERED}

    def __repr__(self):
        path = " -> ".join(s.name for s in self.history)
        return f"Order({self.order_id!r}: {path})"


if __name__ == "__main__":
    order = Order("A-17")
    for event in (Event.PAY, Event.SHIP, Event.DELIVER):
        order.apply(event)
    print(order, "final" if order.is_final else "open")
    try:
        order.apply(Event.REFUND, days_since_delivery=45)
    except InvalidTransition as err:
        print("rejected:", err)
