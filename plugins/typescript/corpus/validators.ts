type Validator<T> = (value: T) => string | null;

const required: Validator<string> = (value) => (value.trim() ? null : "is required");

function minLength(length: number): Validator<string> {
  return (value) => (value.length >= length ? null : `must be at least ${length} characters`);
}

function pattern(regex: RegExp, message: string): Validator<string> {
  return (value) => (regex.test(value) ? null : message);
}

function compose<T>(...validators: Validator<T>[]): Validator<T> {
  return (value) => {
    for (const validate of validators) {
      const problem = validate(value);
      if (problem !== null) {
        return problem;
      }
    }
    return null;
  };
}

interface SignupForm {
  username: string;
  email: string;
  password: string;
}

const rules: { [K in keyof SignupForm]: Validator<SignupForm[K]> } = {
  username: compose(required, minLength(3)),
  email: compose(required, pattern(/^[^@\s]+@[^@\s]+$/, "must be an email address")),
  password: compose(required, minLength(8)),
};

function validate(form: SignupForm): Partial<Record<keyof SignupForm, string>> {
  const errors: Partial<Record<keyof SignupForm, string>> = {};
  for (const key of Object.keys(rules) as (keyof SignupForm)[]) {
    const problem = rules[key](form[key]);
    if (problem) {
      errors[key] = `${key} ${problem}`;
    }
  }
  return errors;
}

console.log(validate({ username: "al", email: "al@example.org", password: "short" }));
