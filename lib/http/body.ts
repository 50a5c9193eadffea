import { gunzipSync } from "node:zlib";
import { FluxError } from "@/lib/errors";

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Reads a JSON body with a size cap (checked while streaming, so a huge body is not buffered
 * whole), gzip support and a 400 that says what is wrong.
 */
export async function readJsonBody(req: Request, options: { maxBytes?: number } = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const contentType = req.headers.get("content-type") ?? "";
  if (contentType && !/json|text\/plain/i.test(contentType)) {
    throw new FluxError({ code: "unsupported_media_type", message: "Send the body as JSON (Content-Type: application/json)" });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  let raw = await readCapped(req, maxBytes);
  const encoding = (req.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding === "gzip") {
    try {
      raw = gunzipSync(raw, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
      throw new FluxError({ code: "bad_request", message: "The body is not valid gzip" });
    }
  } else if (encoding !== "identity") {
    throw new FluxError({ code: "unsupported_media_type", message: `Content-Encoding ${encoding} is not supported; use gzip or none` });
  }
  if (raw.length === 0) throw new FluxError({ code: "bad_request", message: "The request body is empty; send JSON" });
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new FluxError({ code: "bad_request", message: `The body is not valid JSON: ${(error as Error).message}` });
  }
}

function tooLarge(maxBytes: number): FluxError {
  return new FluxError({ code: "payload_too_large", message: `The body exceeds the limit of ${maxBytes} bytes; send smaller batches` });
}

async function readCapped(req: Request, maxBytes: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
