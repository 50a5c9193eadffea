import { invalid } from "@/lib/errors";

// A tiny arithmetic language over named sub-queries: numbers, names, + - * /, unary minus
// and parentheses. Parsed by recursive descent into a tree, never eval'd.

export type Formula =
  | { kind: "number"; value: number }
  | { kind: "name"; name: string }
  | { kind: "negate"; operand: Formula }
  | { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Formula; right: Formula };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?|\.\d+)|([a-z][a-z0-9_]*)|([-+*/()]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw formulaError(`Unexpected character at position ${start + 1}: '${text.slice(start).trim()[0]}'`);
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  return tokens;
}

const formulaError = (message: string) => invalid("Invalid formula", [{ field: "formula", message }]);

/** Parses a formula; every name must be one of `names`. */
export function parseFormula(text: string, names: readonly string[]): Formula {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  function expression(): Formula {
    let left = term();
    while (peek() === "+" || peek() === "-") left = { kind: "binary", op: next() as "+" | "-", left, right: term() };
    return left;
  }
  function term(): Formula {
    let left = unary();
    while (peek() === "*" || peek() === "/") left = { kind: "binary", op: next() as "*" | "/", left, right: unary() };
    return left;
  }
  function unary(): Formula {
    if (peek() === "-") {
      next();
      return { kind: "negate", operand: unary() };
    }
    return primary();
  }
  function primary(): Formula {
    const t = next();
    if (t === undefined) throw formulaError("The formula ends too early");
    if (t === "(") {
      const inner = expression();
      if (next() !== ")") throw formulaError("A '(' is not closed");
      return inner;
    }
    if (/^[\d.]/.test(t)) return { kind: "number", value: Number(t) };
    if (/^[a-z]/.test(t)) {
      if (!names.includes(t)) throw formulaError(`'${t}' is not one of the queries (${names.join(", ")})`);
      return { kind: "name", name: t };
    }
    throw formulaError(`Unexpected '${t}'`);
  }

  const tree = expression();
  if (pos < tokens.length) throw formulaError(`Unexpected '${tokens[pos]}'`);
  return tree;
}

/** Evaluates a formula; a missing operand or a division by zero gives null, never Infinity. */
export function evaluateFormula(f: Formula, values: Record<string, number | null>): number | null {
  switch (f.kind) {
    case "number":
      return f.value;
    case "name":
      return values[f.name] ?? null;
    case "negate": {
      const v = evaluateFormula(f.operand, values);
      return v === null ? null : -v;
    }
    default: {
      const a = evaluateFormula(f.left, values);
      const b = evaluateFormula(f.right, values);
      if (a === null || b === null) return null;
      const r = f.op === "+" ? a + b : f.op === "-" ? a - b : f.op === "*" ? a * b : b === 0 ? null : a / b;
      return r === null || !Number.isFinite(r) ? null : r;
    }
  }
}

export function formulaNames(f: Formula): string[] {
  if (f.kind === "name") return [f.name];
  if (f.kind === "negate") return formulaNames(f.operand);
  if (f.kind === "binary") return [...formulaNames(f.left), ...formulaNames(f.right)];
  return [];
}
