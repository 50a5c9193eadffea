import { describe, expect, it } from "vitest";
import { evaluateFormula, parseFormula } from "./formula";

const run = (text: string, values: Record<string, number | null>) => evaluateFormula(parseFormula(text, Object.keys(values)), values);

describe("formulas", () => {
  it("follows precedence, parentheses and unary minus", () => {
    expect(run("a / b * 100", { a: 1, b: 4 })).toBe(25);
    expect(run("a + b * 2", { a: 1, b: 3 })).toBe(7);
    expect(run("(a + b) * 2", { a: 1, b: 3 })).toBe(8);
    expect(run("-a - -b", { a: 5, b: 2 })).toBe(-3);
    expect(run("1 - a / b", { a: 1, b: 4 })).toBe(0.75);
    expect(run(".5 * a", { a: 4 })).toBe(2);
  });

  it("gives null, never Infinity, when dividing by zero", () => {
    expect(run("a / b", { a: 1, b: 0 })).toBeNull();
    expect(run("a / (b - b)", { a: 0, b: 3 })).toBeNull();
    expect(run("a / b * 100 + 1", { a: 1, b: 0 })).toBeNull();
  });

  it("gives null when an operand has no value", () => {
    expect(run("a + b", { a: 1, b: null })).toBeNull();
  });

  it.each([
    ["a +", "ends too early"],
    ["a b", "Unexpected 'b'"],
    ["(a", "not closed"],
    ["a / c", "'c' is not one of the queries"],
    ["process.exit()", "Unexpected character"],
    ["a ; b", "Unexpected character"],
  ])("rejects %s with a message naming the formula field", (text, message) => {
    expect(() => parseFormula(text, ["a", "b"])).toThrow(
      expect.objectContaining({ code: "invalid", details: [expect.objectContaining({ field: "formula", message: expect.stringContaining(message) })] }),
    );
  });
});
