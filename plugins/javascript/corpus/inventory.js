const products = [
  { id: 1, name: 'Keyboard', category: 'input', price: 49.99, stock: 12 },
  { id: 2, name: 'Mouse', category: 'input', price: 19.5, stock: 0 },
  { id: 3, name: 'Monitor', category: 'display', price: 189, stock: 4 },
  { id: 4, name: 'Webcam', category: 'video', price: 59, stock: 7 },
  { id: 5, name: 'Projector', category: 'display', price: 420, stock: 1 },
];

function groupBy(items, keyOf) {
  return items.reduce((groups, item) => {
    const key = keyOf(item);
    (groups[key] ||= []).push(item);
    return groups;
  }, {});
}

function summarize(items) {
  const inStock = items.filter(({ stock }) => stock > 0);
  const value = inStock.reduce((total, { price, stock }) => total + price * stock, 0);
  const cheapest = [...items].sort((a, b) => a.price - b.price)[0];
  return {
    count: items.length,
    inStock: inStock.length,
    value: Math.round(value * 100) / 100,
    cheapest: cheapest?.name ?? null,
  };
}

function restock(items, { threshold = 2, amount = 10 } = {}) {
  return items.map((item) =>
    item.stock <= threshold
      ? { ...item, stock: item.stock + amount, restocked: true }
      : item
  );
}

const byCategory = groupBy(products, (product) => product.category);
for (const [category, items] of Object.entries(byCategory)) {
  const { count, inStock, value, cheapest } = summarize(items);
  console.log(
    `${category.padEnd(8)} ${count} items, ${inStock} in stock, worth $${value.toFixed(2)}, cheapest: ${cheapest}`
  );
}

const updated = restock(products, { threshold: 1 });
const changed = updated.filter((item) => item.restocked).map(({ name, stock }) => `${name}=${stock}`);
console.log('restocked:', changed.join(', ') || 'nothing');

module.exports = { groupBy, summarize, restock };
