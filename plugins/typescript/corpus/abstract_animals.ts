abstract class Animal {
  protected static count = 0;

  constructor(protected readonly name: string) {
    Animal.count++;
  }

  abstract speak(): string;

  describe(): string {
    return `${this.name} says ${this.speak()}`;
  }

  static total(): number {
    return Animal.count;
  }
}

class Dog extends Animal {
  constructor(name: string, private readonly breed: string) {
    super(name);
  }

  speak(): string {
    return "woof";
  }

  override describe(): string {
    return `${super.describe()} (${this.breed})`;
  }
}

class Cat extends Animal {
  #lives = 9;

  speak(): string {
    return this.#lives > 8 ? "meow" : "hiss";
  }

  loseLife(): void {
    this.#lives -= 1;
  }
}

const pets: Animal[] = [new Dog("Rex", "collie"), new Cat("Tom")];
for (const pet of pets) {
  console.log(pet.describe());
}
console.log(Animal.total());
