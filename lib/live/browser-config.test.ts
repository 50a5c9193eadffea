import { describe, expect, it } from "vitest";
import { projectChannel, projectLiveEndpoint, projectOfChannel, shareChannel, sharedLiveEndpoint } from "./browser-config";

const PROJECT = "0b6c3a52-5a0e-4f8e-9a59-1f2d3c4b5a69";
const DASHBOARD = "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const TOKEN = `fxs_${"a".repeat(43)}`;

describe("live endpoints", () => {
  it("are the project's stream, channel and authorisation route for members", () => {
    expect(projectLiveEndpoint(PROJECT)).toEqual({ sseUrl: `/api/v1/live?project=${PROJECT}`, pusherChannel: `private-flux-project-${PROJECT}`, pusherAuthUrl: "/api/v1/live/pusher-auth" });
  });

  it("are the link's own stream and the dashboard's share channel for a visitor, with no grant when there is none", () => {
    expect(sharedLiveEndpoint({ token: TOKEN, dashboardId: DASHBOARD, grant: null })).toEqual({
      sseUrl: `/api/v1/shared/${TOKEN}/live`,
      pusherChannel: `private-flux-share-${DASHBOARD}`,
      pusherAuthUrl: `/api/v1/shared/${TOKEN}/pusher-auth`,
    });
  });

  it("carry a password grant in the stream's query (EventSource sends no headers) and in the authorisation header", () => {
    const grant = "1764561600.abc-_DEF";
    const endpoint = sharedLiveEndpoint({ token: TOKEN, dashboardId: DASHBOARD, grant });
    expect(endpoint.sseUrl).toBe(`/api/v1/shared/${TOKEN}/live?grant=1764561600.abc-_DEF`);
    expect(endpoint.headers).toEqual({ "x-flux-share-grant": grant });
    // Whatever a token or grant holds cannot change the path or add parameters.
    const odd = sharedLiveEndpoint({ token: "a/../b?x=1", dashboardId: DASHBOARD, grant: "g&project=1" });
    expect(odd.sseUrl).toBe("/api/v1/shared/a%2F..%2Fb%3Fx%3D1/live?grant=g%26project%3D1");
  });

  it("keep share channels out of the project channel namespace", () => {
    expect(projectOfChannel(shareChannel(DASHBOARD))).toBeNull();
    expect(projectOfChannel(projectChannel(PROJECT))).toBe(PROJECT);
    expect(projectOfChannel(`${projectChannel(PROJECT)}x`)).toBeNull();
  });
});
