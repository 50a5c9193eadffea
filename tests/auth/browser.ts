import http from "node:http";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Wall time from sending to the last byte, in milliseconds. */
  ms: number;
}

/** A loopback address other than 127.0.0.1 (all of 127/8 is local on Linux), so a test is its own client. */
export function newClientAddress(): string {
  const n = () => 1 + Math.floor(Math.random() * 253);
  return `127.${n()}.${n()}.${n()}`;
}

/**
 * A minimal browser over node:http that connects from a chosen local address (fetch cannot),
 * so tests can act as different clients of the running app. Keeps cookies like a browser.
 * Used by the integration tests and by Playwright specs (no Vitest imports here).
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly from: string = newClientAddress(),
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  request(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size && !headers.cookie) headers.cookie = this.cookieHeader;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", headers, localAddress: this.from, agent: false },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => {
            this.keepCookies(res.headers["set-cookie"] ?? []);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: performance.now() - started });
          });
        },
      );
      req.on("error", reject);
      req.end(options.body);
    });
  }

  private keepCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private csrfToken?: string;

  async csrf(): Promise<string> {
    if (!this.csrfToken) this.csrfToken = (JSON.parse((await this.request("/api/auth/csrf")).body) as { csrfToken: string }).csrfToken;
    return this.csrfToken;
  }

  /** POSTs the credentials form to Auth.js, as a browser without our sign-in page would. */
  async signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
    const csrfToken = await this.csrf();
    return this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }).toString(),
    });
  }

  async signOut(): Promise<Answer> {
    const csrfToken = await this.csrf();
    return this.request("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/sign-in" }).toString(),
    });
  }

  get sessionCookie(): string | undefined {
    return [...this.cookies.keys()].find((k) => k.includes("session-token"));
  }
}

export const signedIn = (a: Answer) => a.status === 302 && !String(a.headers.location).includes("error=");
export const wrongPassword = (a: Answer) => a.status === 302 && String(a.headers.location).includes("code=invalid_login");

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
