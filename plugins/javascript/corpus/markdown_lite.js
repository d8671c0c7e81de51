/**
 * A deliberately small Markdown-to-HTML converter: headings, lists,
 * fenced code, emphasis, inline code and links.
 */
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function inline(text) {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
}

function render(markdown) {
  const out = [];
  let list = null;
  let code = null;

  const closeList = () => {
    if (list) {
      out.push(`</${list}>`);
      list = null;
    }
  };

  for (const line of markdown.split('\n')) {
    if (code !== null) {
      if (line.startsWith('```')) {
        out.push(`<pre><code>${escape(code.join('\n'))}</code></pre>`);
        code = null;
      } else {
        code.push(line);
      }
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    switch (true) {
      case line.startsWith('```'):
        closeList();
        code = [];
        break;
      case heading !== null:
        closeList();
        out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
        break;
      case bullet !== null:
      case numbered !== null: {
        const kind = bullet ? 'ul' : 'ol';
        if (list !== kind) {
          closeList();
          out.push(`<${kind}>`);
          list = kind;
        }
        out.push(`<li>${inline((bullet || numbered)[1])}</li>`);
        break;
      }
      case line.trim() === '':
        closeList();
        break;
      default:
        closeList();
        out.push(`<p>${inline(line)}</p>`);
    }
  }
  closeList();
  return out.join('\n');
}

const doc = `# Release notes

Version **2.1** adds *streaming* and fixes [issue 42](https://example.org/42).

- faster \`parse()\`
- smaller bundle
1. upgrade
2. enjoy

\`\`\`
const x = 1 < 2;
\`\`\``;

console.log(render(doc));
module.exports = { render };
