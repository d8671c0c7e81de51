#!/usr/bin/env node
'use strict';

const path = require('node:path');

const SPEC = {
  output: { alias: 'o', type: 'string', default: 'out.txt' },
  verbose: { alias: 'v', type: 'boolean', default: false },
  jobs: { alias: 'j', type: 'number', default: 1 },
  include: { alias: 'I', type: 'array', default: [] },
};

function parseArgs(argv, spec = SPEC) {
  const aliases = Object.fromEntries(Object.entries(spec).map(([name, { alias }]) => [alias, name]));
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, { default: fallback }]) => [name, Array.isArray(fallback) ? [...fallback] : fallback])
  );
  const positional = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const long = /^--(no-)?([\w-]+)(?:=(.*))?$/.exec(arg);
    const short = /^-(\w)$/.exec(arg);
    if (!long && !short) {
      positional.push(arg);
      continue;
    }
    const name = long ? long[2] : aliases[short[1]];
    const option = spec[name];
    if (!option) {
      throw new Error(`unknown option ${arg}`);
    }
    if (option.type === 'boolean') {
      options[name] = !(long && long[1]);
      continue;
    }
    const raw = long && long[3] !== undefined ? long[3] : argv[++i];
    if (raw === undefined) {
      throw new Error(`option ${arg} needs a value`);
    }
    switch (option.type) {
      case 'number':
        options[name] = Number(raw);
        if (Number.isNaN(options[name])) throw new Error(`${arg}: not a number: ${raw}`);
        break;
      case 'array':
        options[name].push(raw);
        break;
      default:
        options[name] = raw;
    }
  }
  return { options, positional };
}

const { options, positional } = parseArgs(['-v', '--jobs=4', '-I', 'src', '--include', 'lib', 'a.txt', '--', '-x']);
console.log(options, positional);
console.log(path.resolve(options.output));

if (require.main === module) {
  try {
    console.log(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`${path.basename(__filename)}: ${error.message}`);
    process.exitCode = 2;
  }
}

module.exports = { parseArgs };
