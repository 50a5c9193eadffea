import { describe, expect, it } from "vitest";
import { format } from "echarts/core";
import { MAX_LABEL_LENGTH, SafeHtml, escapeHtml, html, plainText } from "./escape-html";

describe("escapeHtml", () => {
  it("escapes the characters that end text or a quoted attribute, the same as ECharts", () => {
    const s = `<img src=x onerror="a('b')"> & </script>`;
    expect(escapeHtml(s)).toBe("&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; &lt;/script&gt;");
    expect(escapeHtml(s)).toBe(format.encodeHTML(s));
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(12.5)).toBe("12.5");
  });

  it("escapes text that is already escaped again, so it shows as written", () => {
    expect(escapeHtml("&lt;b&gt;")).toBe("&amp;lt;b&amp;gt;");
  });
});

describe("plainText", () => {
  it("drops bidi controls, zero-width and control characters and puts line breaks on one line", () => {
    expect(plainText("\u202Egnp.exe\u202C")).toBe("gnp.exe");
    expect(plainText("\u2066a\u2069\u200Fb\u200E\u061C")).toBe("ab");
    expect(plainText("pro\u200B\u2060\uFEFF\u00ADplan")).toBe("proplan");
    expect(plainText("a\nb\r\nc\td\u2028e\u0085f")).toBe("a b  c d e f");
    expect(plainText("bell\u0007\u0000\u009B")).toBe("bell");
  });

  it("keeps what scripts and emoji need: joiners, marks, right-to-left letters", () => {
    const family = "👨‍👩‍👧";
    expect(plainText(family)).toBe(family);
    expect(plainText("می‌خواهم")).toBe("می‌خواهم");
    expect(plainText("עברית عربي e\u0301")).toBe("עברית عربي e\u0301");
  });

  it("shortens long text to the limit, ending in an ellipsis, without splitting a surrogate pair", () => {
    expect(plainText("x".repeat(32 * 1024))).toBe(`${"x".repeat(MAX_LABEL_LENGTH - 1)}…`);
    expect(Array.from(plainText("😀".repeat(50), 10))).toEqual([..."😀".repeat(9)].concat("…"));
    expect(plainText("exactly", 7)).toBe("exactly");
  });
});

describe("html", () => {
  it("escapes and cleans every interpolated value and keeps the template's own markup", () => {
    const name = `"><img src=x onerror=alert(1)>\u202E`;
    expect(String(html`<b title="${name}">${name}</b>`)).toBe('<b title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</b>');
  });

  it("nests html without escaping it twice, joins arrays and leaves out null, undefined and false", () => {
    const rows = ["<a>", "b&c"].map((r) => html`<li>${r}</li>`);
    expect(String(html`<ul>${rows}${null}${undefined}${false}${0}</ul>`)).toBe("<ul><li>&lt;a&gt;</li><li>b&amp;c</li>0</ul>");
  });

  it("shortens each interpolated value", () => {
    expect(String(html`${"y".repeat(1000)}`)).toHaveLength(MAX_LABEL_LENGTH);
  });

  it("cannot be forged from a string", () => {
    expect(() => new SafeHtml(Symbol("html") as never, "<img>")).toThrow(TypeError);
  });
});
