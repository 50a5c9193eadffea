import { test } from "@playwright/test";
import type { RunningApp } from "../../scripts/lib/app-server";
import { startExtraApp } from "../../tests/extra-app";
import { startPusherTestServer, type PusherTestServer } from "../../tests/pusher/pusher-test-server";

/**
 * For the describe block it is called in: a local server speaking Pusher's REST API and WebSocket
 * protocol 7 (tests/pusher) and a Flux instance configured for it, started before the block's
 * tests and stopped after them.
 */
export function pusherApp(credentials: { appId: string; key: string; secret: string }): { readonly pusher: PusherTestServer; readonly app: RunningApp } {
  let pusher: PusherTestServer | undefined;
  let app: RunningApp | undefined;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    pusher = await startPusherTestServer(credentials);
    app = await startExtraApp({
      PUSHER_APP_ID: credentials.appId,
      PUSHER_KEY: credentials.key,
      PUSHER_SECRET: credentials.secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(pusher.port),
      PUSHER_USE_TLS: "false",
    });
  });
  test.afterAll(async () => {
    await app?.stop();
    await pusher?.stop();
  });
  return {
    get pusher() {
      if (!pusher) throw new Error("The Pusher test server has not started");
      return pusher;
    },
    get app() {
      if (!app) throw new Error("The Pusher-configured app has not started");
      return app;
    },
  };
}
