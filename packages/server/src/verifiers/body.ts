import { ServerError } from '../errors.js';

/** A body that went past its cap: the stream was cancelled, nothing more was read. */
export class BodyTooLargeError extends ServerError {
  override readonly name = 'BodyTooLargeError';

  constructor(message: string) {
    super('INTERNAL', message);
  }
}

/**
 * Reads a response body as text, at most `maxBytes`. Past the cap the stream is
 * cancelled (the connection is released rather than drained) and
 * `BodyTooLargeError` is thrown, so a hostile endpoint cannot make the server
 * buffer megabytes per call. Internal to the verifiers: callers turn every
 * failure into a fixed reason.
 */
export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(`body of ${declared} bytes exceeds ${maxBytes}`);
  }
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

/** Releases a response's connection without reading its body. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
