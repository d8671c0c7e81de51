"""A tiny text adventure showing structural pattern matching on commands."""
import shlex

ROOMS = {
    "hall": {
        "description": "A draughty hall. Doors lead north and east.",
        "exits": {"north": "library", "east": "kitchen"},
        "items": ["umbrella"],
    },
    "library": {
        "description": "Dusty shelves line the walls.",
        "exits": {"south": "hall"},
        "items": ["old book", "candle"],
    },
    "kitchen": {
        "description": "It smells of burnt toast.",
        "exits": {"west": "hall"},
        "items": ["key"],
    },
}

DIRECTIONS = {"n": "north", "s": "south", "e": "east", "w": "west"}


class Game:
    def __init__(self, rooms, start="hall"):
        self.rooms = {name: dict(room, items=list(room["items"])) for name, room in rooms.items()}
        self.location = start
        self.inventory = []
        self.running = True

    @property
    def room(self):
        return self.rooms[self.location]

    def look(self):
        items = ", ".join(self.room["items"]) or "nothing"
        exits = ", ".join(self.room["exits"])
        return f"{self.room['description']}\nYou see: {items}. Exits: {exits}."

    def move(self, direction):
        direction = DIRECTIONS.get(direction, direction)
        if (target := self.room["exits"].get(direction)) is None:
            return "You can't go that way."
        self.location = target
        return self.look()

    def handle(self, line):
        match shlex.split(line.lower()):
            case []:
                return "Say something."
            case ["quit" | "exit"]:
                self.running = False
                return "Bye!"
            case ["look" | "l"]:
                return self.look()
            case ["go", direction] | [("n" | "s" | "e" | "w") as direction]:
                return self.move(direction)
            case ["take", item] if item in self.room["items"]:
                self.room["items"].remove(item)
                self.inventory.append(item)
                return f"Taken: {item}."
            case ["take", item]:
                return f"There is no {item} here."
            case ["drop", *words] if words:
                item = " ".join(words)
                if item not in self.inventory:
                    return f"You are not carrying {item}."
                self.inventory.remove(item)
                self.room["items"].append(item)
                return f"Dropped: {item}."
            case ["inventory" | "i"]:
                return "You carry: " + (", ".join(self.inventory) or "nothing")
            case [verb, *_]:
                return f"I don't know how to {verb!r}."
            # shlex.split() always returns a list, so the cases above are
            # exhaustive and handle() never falls through to return None.


def play(commands):
    game = Game(ROOMS)
    print(game.look())
    for command in commands:
        print(f"> {command}")
        print(game.handle(command))
        if not game.running:
            break


if __name__ == "__main__":
    play(["take umbrella", "n", 'take "old book"', "go south", "e", "take key",
          "inventory", "drop old book", "dance", "quit", "look"])
