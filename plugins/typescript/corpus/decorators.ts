function logged<This, Args extends unknown[], Return>(
  target: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
) {
  const name = String(context.name);
  return function (this: This, ...args: Args): Return {
    console.log(`-> ${name}(${args.join(", ")})`);
    const result = target.call(this, ...args);
    console.log(`<- ${name}`);
    return result;
  };
}

function bound<This, T extends (...args: never[]) => unknown>(
  _target: T,
  context: ClassMethodDecoratorContext<This, T>,
) {
  context.addInitializer(function (this: This) {
    const self = this as Record<string | symbol, unknown>;
    const method = self[context.name] as T;
    self[context.name] = method.bind(this);
  });
}

class Calculator {
  private memory = 0;

  @logged
  add(a: number, b: number): number {
    return a + b;
  }

  @bound
  @logged
  store(value: number): void {
    this.memory = value;
  }

  recall(): number {
    return this.memory;
  }
}

const calc = new Calculator();
const store = calc.store;
store(calc.add(2, 3));
console.log(calc.recall());
