const escapes = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => escapes[ch]);
}

/** A tag function: interpolated values are escaped, the literal parts are trusted. */
export function html(strings, ...values) {
  return strings.reduce((out, part, index) => {
    const value = index < values.length ? values[index] : '';
    const rendered = Array.isArray(value) ? value.join('') : escapeHtml(value);
    return out + part + rendered;
  }, '');
}

function renderRow(item) {
  return html`<tr>
    <td>${item.sku}</td>
    <td>${item.name}</td>
    <td class="num">${item.quantity}</td>
  </tr>`;
}

export function renderReport(title, items) {
  const total = items.reduce((sum, item) => sum + item.quantity, 0);
  const rows = items.map((item) => renderRow(item));
  return `<!doctype html>
<html>
  <head><title>${escapeHtml(title)}</title></head>
  <body>
    <h1>${escapeHtml(title)}</h1>
    <table>
      ${rows.join('\n      ')}
    </table>
    <p>Total units: ${total}, ${items.length > 1 ? `${items.length} lines` : 'one line'}</p>
  </body>
</html>`;
}

const stock = [
  { sku: 'A-1', name: 'Widget <small>', quantity: 12 },
  { sku: 'B-7', name: 'Gadget & co', quantity: 3 },
];

console.log(renderReport('Stock "report"', stock));
