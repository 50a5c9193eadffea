import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OAuthButtons } from "./oauth-buttons";

const action = async () => {};

describe("OAuth sign-in buttons", () => {
  it("appear only for providers whose variables are set", () => {
    expect(renderToStaticMarkup(<OAuthButtons providers={{ github: false, google: false }} action={action} />)).toBe("");
    const github = renderToStaticMarkup(<OAuthButtons providers={{ github: true, google: false }} action={action} />);
    expect(github).toContain("Continue with GitHub");
    expect(github).not.toContain("Google");
    const both = renderToStaticMarkup(<OAuthButtons providers={{ github: true, google: true }} action={action} />);
    expect(both).toContain("Continue with Google");
  });
});
