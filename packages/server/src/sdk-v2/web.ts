import type { ServerResponse } from 'node:http';
import type { HttpExchange } from '../http.js';

/**
 * The web `Request` of a node:http exchange whose body the endpoint already
 * read. Aborted when the client goes away before the response is complete, so
 * the SDK stops the exchange (a `subscriptions/listen` or SSE stream included).
 */
export function toWebRequest(exchange: HttpExchange): Request {
  const { req, res, rawBody } = exchange;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const controller = new AbortController();
  // Only a response cut short is an abort: after a complete one there is nothing to
  // stop, and aborting then costs a DOMException and the SDK's abort listeners per request.
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    signal: controller.signal,
    ...(rawBody === undefined || req.method === 'GET' || req.method === 'HEAD'
      ? {}
      : { body: new Uint8Array(rawBody) }),
  });
}

/** Writes a web `Response` to node:http, streaming its body (SSE included) as it arrives. */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) break;
    }
  } catch {
    // The client went away mid-stream; nothing is left to answer.
  } finally {
    res.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}
