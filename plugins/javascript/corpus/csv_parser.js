/**
 * RFC 4180-ish CSV parsing with a character state machine.
 */
const FIELD = 0;
const QUOTED = 1;
const QUOTE_IN_QUOTED = 2;

function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let state = FIELD;

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    switch (state) {
      case FIELD:
        if (ch === '"' && field === '') {
          state = QUOTED;
        } else if (ch === delimiter) {
          row.push(field);
          field = '';
        } else if (ch === '\n') {
          row.push(field);
          rows.push(row);
          row = [];
          field = '';
        } else if (ch !== '\r') {
          field += ch;
        }
        break;
      case QUOTED:
        if (ch === '"') {
          state = QUOTE_IN_QUOTED;
        } else {
          field += ch;
        }
        break;
      case QUOTE_IN_QUOTED:
        if (ch === '"') {
          field += '"';
          state = QUOTED;
        } else {
          state = FIELD;
          i--;
        }
        break;
      default:
        throw new Error(`bad state ${state}`);
    }
  }
  if (state === QUOTED) {
    throw new SyntaxError('unterminated quoted field');
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function toObjects(rows) {
  const [header, ...body] = rows;
  return body.map((cells) =>
    Object.fromEntries(header.map((name, index) => [name.trim(), cells[index] ?? null]))
  );
}

const sample = 'name,age,city\n"Smith, Jane",42,"New\nYork"\nBob,37,Paris\n';
const people = toObjects(parseCsv(sample));
for (const { name, age, city } of people) {
  console.log(`${name} (${age}) lives in ${city.replace(/\n/g, ' ')}`);
}

module.exports = { parseCsv, toObjects };
