const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'of', 'to', 'in', 'is', 'it', 'that']);

function words(text) {
  return text.toLowerCase().match(/[a-z']+/g) ?? [];
}

function sentences(text) {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

function frequencies(tokens) {
  const counts = new Map();
  for (const token of tokens) {
    if (STOP_WORDS.has(token)) continue;
    counts.set(token, (counts.get(token) || 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

function syllables(word) {
  const groups = word.replace(/e$/, '').match(/[aeiouy]+/g);
  return Math.max(1, groups ? groups.length : 0);
}

function readingEase(text) {
  const tokens = words(text);
  const sentenceCount = Math.max(1, sentences(text).length);
  const syllableCount = tokens.reduce((sum, word) => sum + syllables(word), 0);
  return 206.835 - 1.015 * (tokens.length / sentenceCount) - 84.6 * (syllableCount / tokens.length);
}

const text = `It was the best of times, it was the worst of times. It was the age of wisdom!
It was the age of foolishness? It was the epoch of belief, it was the epoch of incredulity.`;

const top = frequencies(words(text)).slice(0, 5);
console.log('sentences:', sentences(text).length);
console.log('top words:', top.map(([word, count]) => `${word}(${count})`).join(' '));
console.log('reading ease:', readingEase(text).toFixed(1));

module.exports = { words, sentences, frequencies, readingEase };
