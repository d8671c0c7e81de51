export enum LogLevel {
  Debug = 10,
  Info = 20,
  Warn = 30,
  Error = 40,
}

export const enum Direction {
  Up = "UP",
  Down = "DOWN",
}

const labels: { [level in LogLevel]: string } = {
  [LogLevel.Debug]: "debug",
  [LogLevel.Info]: "info",
  [LogLevel.Warn]: "warn",
  [LogLevel.Error]: "error",
};

export class Logger {
  private lines: string[] = [];

  constructor(private threshold: LogLevel = LogLevel.Info) {}

  log(level: LogLevel, message: string): void {
    if (level < this.threshold) {
      return;
    }
    const stamp = new Date(0).toISOString();
    this.lines.push(`${stamp} [${labels[level]}] ${message}`);
  }

  flush(): string[] {
    const out = this.lines;
    this.lines = [];
    return out;
  }
}

function move(direction: Direction, steps: number): number {
  return direction === Direction.Up ? steps : -steps;
}

const logger = new Logger(LogLevel.Debug);
logger.log(LogLevel.Warn, `moved ${move(Direction.Down, 3)}`);
console.log(logger.flush().join("\n"));
