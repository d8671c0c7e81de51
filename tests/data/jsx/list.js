const React = require("react");

const Item = ({ text }) => <li className="item">{text}</li>;

function List({ items }) {
  return (
    <ul>
      {items.map((text) => (
        <Item key={text} text={text} />
      ))}
    </ul>
  );
}

module.exports = List;
