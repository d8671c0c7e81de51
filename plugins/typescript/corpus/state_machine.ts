type State = "idle" | "loading" | "success" | "failure";
type Action =
  | { type: "fetch" }
  | { type: "resolve"; data: string[] }
  | { type: "reject"; error: string }
  | { type: "reset" };

interface Model {
  state: State;
  data: string[];
  error?: string;
}

const initial: Model = { state: "idle", data: [] };

function reducer(model: Model, action: Action): Model {
  switch (action.type) {
    case "fetch":
      if (model.state === "loading") {
        return model;
      }
      return { ...model, state: "loading", error: undefined };
    case "resolve":
      return { state: "success", data: action.data };
    case "reject":
      return { ...model, state: "failure", error: action.error };
    case "reset":
      return initial;
  }
}

function replay(actions: readonly Action[]): Model {
  return actions.reduce(reducer, initial);
}

const final = replay([
  { type: "fetch" },
  { type: "reject", error: "timeout" },
  { type: "fetch" },
  { type: "resolve", data: ["a", "b"] },
]);
console.log(final.state, final.data.length);
