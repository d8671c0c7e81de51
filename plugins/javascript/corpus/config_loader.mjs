import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const DEFAULTS = Object.freeze({
  port: 3000,
  logLevel: 'info',
  features: { search: true, uploads: false },
});

const LEVELS = ['debug', 'info', 'warn', 'error'];

export class ConfigError extends Error {
  static {
    this.prototype.name = 'ConfigError';
  }
}

function fromEnv(env, prefix = 'APP_') {
  const result = {};
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith(prefix)) continue;
    const path = key.slice(prefix.length).toLowerCase().split('__');
    let node = result;
    for (const part of path.slice(0, -1)) {
      node = node[part] ??= {};
    }
    const value = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
    node[path.at(-1)] = value;
  }
  return result;
}

export async function loadConfig(file, env = process.env) {
  let fromFile = {};
  try {
    fromFile = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') {
      throw new ConfigError(`cannot read ${file}: ${error.message}`, { cause: error });
    }
  }
  const envConfig = fromEnv(env);
  const config = {
    ...DEFAULTS,
    ...fromFile,
    ...envConfig,
    features: { ...DEFAULTS.features, ...fromFile.features, ...envConfig.features },
  };
  if (!LEVELS.includes(config.logLevel)) {
    throw new ConfigError(`logLevel must be one of ${LEVELS.join('|')}`);
  }
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65_535) {
    throw new ConfigError(`bad port ${config.port}`);
  }
  return config;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const config = await loadConfig(`${here}/does-not-exist.json`, {
  APP_PORT: '8080',
  APP_FEATURES__UPLOADS: 'true',
  HOME: '/root',
});
console.log(config);
try {
  await loadConfig('/nonexistent.json', { APP_LOGLEVEL: 'loud' });
} catch {
  console.log('rejected a bad log level');
}
