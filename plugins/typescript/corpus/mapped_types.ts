type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type Getters<T> = {
  [K in keyof T as `get${Capitalize<string & K>}`]: () => T[K];
};

interface Settings {
  readonly theme: "light" | "dark";
  readonly fontSize: number;
  readonly language: string;
}

function makeGetters<T extends object>(source: T): Getters<T> {
  const out: Record<string, () => unknown> = {};
  for (const key of Object.keys(source) as Array<keyof T & string>) {
    const name = `get${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    out[name] = () => source[key];
  }
  return out as Getters<T>;
}

function withDefaults(partial: Optional<Settings, "fontSize" | "language">): Settings {
  return { fontSize: 14, language: "en", ...partial };
}

const settings = withDefaults({ theme: "dark" });
const draft: Mutable<Settings> = { ...settings };
draft.fontSize = 16;
const getters = makeGetters(draft);
console.log(getters.getTheme(), getters.getFontSize());
