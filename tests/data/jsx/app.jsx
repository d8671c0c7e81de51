import React, { useRef, useState } from "react";
import * as Form from "./form";

function Button({ label, onClick }) {
  return (
    <button className="button" onClick={onClick}>
      {label}
    </button>
  );
}

function SearchField() {
  const input = useRef(null);
  return <input ref={input} type="search" />;
}

export default function App() {
  const [count, setCount] = useState(0);
  return (
    <div className="app">
      <svg:rect xlink:href="#logo" />
      <input type="text" />
      <Form.Field name="email" />
      <SearchField />
      <Button label={`clicked ${count}`} onClick={() => setCount(count + 1)} />
    </div>
  );
}
