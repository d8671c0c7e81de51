/**
 * Validate plain values against a small JSON-Schema subset.
 * Returns a list of "path: problem" strings; empty means valid.
 */
function validate(schema, value, path = '$') {
  const errors = [];
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

  if (schema.enum && !schema.enum.includes(value)) {
    errors.push(`${path}: must be one of ${schema.enum.join(', ')}`);
  }
  if (schema.type && schema.type !== type && !(schema.type === 'integer' && Number.isInteger(value))) {
    errors.push(`${path}: expected ${schema.type}, got ${type}`);
    return errors;
  }

  switch (type) {
    case 'object': {
      for (const key of schema.required || []) {
        if (!(key in value)) errors.push(`${path}.${key}: is required`);
      }
      for (const [key, child] of Object.entries(schema.properties || {})) {
        if (key in value) errors.push(...validate(child, value[key], `${path}.${key}`));
      }
      if (schema.additionalProperties === false) {
        const extra = Object.keys(value).filter((key) => !(key in (schema.properties || {})));
        extra.forEach((key) => errors.push(`${path}.${key}: is not allowed`));
      }
      break;
    }
    case 'array':
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        errors.push(`${path}: needs at least ${schema.minItems} items`);
      }
      if (schema.items) {
        value.forEach((item, index) => errors.push(...validate(schema.items, item, `${path}[${index}]`)));
      }
      break;
    case 'string':
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
        errors.push(`${path}: does not match /${schema.pattern}/`);
      }
      break;
    case 'number':
      if (schema.minimum !== undefined && value < schema.minimum) {
        errors.push(`${path}: must be >= ${schema.minimum}`);
      }
      break;
    default:
      break;
  }
  return errors;
}

const userSchema = {
  type: 'object',
  required: ['name', 'email', 'roles'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
    age: { type: 'integer', minimum: 0 },
    roles: { type: 'array', minItems: 1, items: { enum: ['admin', 'editor', 'viewer'] } },
  },
};

const candidates = [
  { name: 'Ada', email: 'ada@example.org', roles: ['admin'] },
  { name: 'Bob', email: 'bob at example', age: -3, roles: [], nickname: 'b' },
  { email: 'c@d.e', roles: ['owner'] },
];
candidates.forEach((candidate, index) => {
  const problems = validate(userSchema, candidate);
  console.log(`#${index}`, problems.length ? problems : 'valid');
});

module.exports = validate;
