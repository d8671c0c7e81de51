/* A browser-style script: an IIFE that keeps its state private and
   talks to the page only through the `window` and `document` globals. */
var TodoWidget = (function () {
  var nextId = 1;
  var items = [];

  function create(text) {
    var item = { id: nextId++, text: text.trim(), done: false };
    if (!item.text) {
      return null;
    }
    items.push(item);
    return item;
  }

  function toggle(id) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].id === id) {
        items[i].done = !items[i].done;
        return items[i];
      }
    }
    return null;
  }

  function render() {
    var remaining = items.filter(function (item) {
      return !item.done;
    }).length;
    var lines = items.map(function (item) {
      return (item.done ? '[x] ' : '[ ] ') + item.text;
    });
    lines.push(remaining + ' of ' + items.length + ' left');
    return lines.join('\n');
  }

  function mount(selector) {
    if (typeof document === 'undefined') {
      return false;
    }
    var root = document.querySelector(selector);
    root.addEventListener('click', function (event) {
      var id = Number(event.target.getAttribute('data-id'));
      toggle(id);
      root.textContent = render();
    });
    root.textContent = render();
    return true;
  }

  return { create: create, toggle: toggle, render: render, mount: mount };
})();

TodoWidget.create('write tests');
TodoWidget.create('  ship it  ');
TodoWidget.create('   ');
TodoWidget.toggle(1);
console.log(TodoWidget.render());
if (typeof window !== 'undefined') {
  window.TodoWidget = TodoWidget;
  TodoWidget.mount('#todos');
}
