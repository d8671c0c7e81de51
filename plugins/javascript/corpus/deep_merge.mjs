const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Merge `sources` into a fresh object: objects merge recursively,
 * arrays are concatenated (or replaced), everything else overwrites.
 */
export function deepMerge(...sources) {
  const options = { arrays: 'concat' };
  const result = {};
  for (const source of sources) {
    mergeInto(result, source, options);
  }
  return result;
}

function mergeInto(target, source, { arrays }) {
  for (const [key, value] of Object.entries(source ?? {})) {
    const current = target[key];
    if (isPlainObject(value)) {
      target[key] = mergeInto(isPlainObject(current) ? current : {}, value, { arrays });
    } else if (Array.isArray(value)) {
      target[key] = arrays === 'concat' && Array.isArray(current) ? [...current, ...value] : [...value];
    } else if (value !== undefined) {
      target[key] = value;
    }
  }
  return target;
}

export function getPath(object, path, fallback) {
  const parts = Array.isArray(path) ? path : path.split(/[.[\]]+/).filter(Boolean);
  let node = object;
  for (const part of parts) {
    if (node == null) {
      return fallback;
    }
    node = node[part];
  }
  return node === undefined ? fallback : node;
}

const defaults = {
  server: { host: 'localhost', port: 8080, tls: { enabled: false } },
  plugins: ['logger'],
};
const overrides = {
  server: { port: 9090, tls: { enabled: true, cert: '/etc/cert.pem' } },
  plugins: ['metrics'],
};

const { server: { port, tls: { enabled, cert = 'none' } }, plugins } = deepMerge(defaults, overrides);
console.log(port, enabled, cert, plugins);
console.log(getPath(defaults, 'server.tls.enabled'));
console.log(getPath(overrides, ['plugins', 0]), getPath(overrides, 'missing.key', 'n/a'));
