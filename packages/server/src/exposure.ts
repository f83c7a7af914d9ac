import { type TokenFormProblem, tokenFormProblem } from '@toolscope/core';
import { tokenFingerprint } from './verifiers/cache.js';

/**
 * Finds the call's token in a tool result (issue 11, class 4): not only the
 * exact string but its common encodings, fragments of it, and pieces split
 * across content items. The result is searched as the concatenation of all its
 * strings and keys. Fragments are found with a rolling hash over 8-character
 * windows against a small open-addressing table of the token's windows, so the
 * common case (no token material) is one pass over the text with no allocation
 * per position. base64 and hex are not re-encoded from the token (which would
 * need every byte alignment); runs that look like them are decoded and
 * searched like any other text.
 */

/** How the token was found. Never carries the token or a piece of it. */
export type TokenEncoding = 'raw' | 'json' | 'url' | 'base64' | 'hex';

/** Why a result must be withheld. */
export interface TokenExposure {
  /** Where the token (or a fragment) was found; `unsearchable` for a structure too deep to search. */
  readonly encoding: TokenEncoding | 'unsearchable';
  /** True when a fragment, not the whole token, was found. */
  readonly fragment: boolean;
}

/** A fragment must carry this many characters of the token (wire-protocol.md §2 canary rule). */
export const MIN_FRAGMENT_CHARS = 8;
const GRAM = MIN_FRAGMENT_CHARS;
const MAX_DEPTH = 32;
const BASE = 0x01000193;
// BASE^(GRAM-1) mod 2^32: the weight of the character that leaves the window.
const TOP = (() => {
  let p = 1;
  for (let i = 1; i < GRAM; i++) p = Math.imul(p, BASE);
  return p;
})();
// Runs long enough to carry 8 bytes once decoded.
const BASE64_RUN = 11;
const HEX_RUN = 16;
const MAX_REALIGNED_RUN = 256;

interface Form {
  readonly text: string;
  readonly encoding: TokenEncoding;
}

/**
 * A window that reads like plain words (lower-case letters and punctuation
 * only, such as `support-` in a key `orders-support-…`) carries next to none of
 * a random token's secret, while ordinary text is full of them (an order id
 * `support-1001`). Such windows are not indexed, unless most of the token is
 * like that: then every window counts.
 */
const PLAIN_CHARS = 'a-z._~+/=-';
const PLAIN_WINDOW = new RegExp(`^[${PLAIN_CHARS}]+$`);
/** A character outside PLAIN_WINDOW's class: a text without one has only plain windows. */
const NOT_PLAIN = new RegExp(`[^${PLAIN_CHARS}]`);

function isPlainChar(c: number): boolean {
  // a-z . _ ~ + / = -
  return (
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 43 ||
    c === 47 ||
    c === 61 ||
    c === 45
  );
}

/** For each window end `i` (index of its last character), whether the window is plain. */
function plainWindows(text: string): Uint8Array {
  const plain = new Uint8Array(text.length);
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isPlainChar(text.charCodeAt(i))) other++;
    if (i >= GRAM && !isPlainChar(text.charCodeAt(i - GRAM))) other--;
    if (i >= GRAM - 1 && other === 0) plain[i] = 1;
  }
  return plain;
}

function plainWindowsAreSecret(token: string): boolean {
  const windows = token.length - GRAM + 1;
  // One pass: a run of n plain characters holds n - 7 plain windows.
  let plain = 0;
  let run = 0;
  for (let i = 0; i < token.length; i++) {
    if (isPlainChar(token.charCodeAt(i))) {
      if (++run >= GRAM) plain++;
    } else run = 0;
  }
  return plain * 2 >= windows;
}

/** A character some spelling below changes: any but A-Z a-z 0-9 . _ - */
const SPELLED_DIFFERENTLY = /[^A-Za-z0-9._-]/;

/** The token's 8-character windows, in every textual spelling, as a hash table. */
class WindowTable {
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #plain: boolean;
  readonly forms: readonly Form[];

  constructor(forms: readonly Form[], indexPlainWindows: boolean) {
    this.forms = forms;
    this.#plain = indexPlainWindows;
    let windows = 0;
    for (const f of forms) windows += Math.max(0, f.text.length - GRAM + 1);
    let size = 16;
    while (size < windows * 2) size *= 2;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
    for (const f of forms) {
      const t = f.text;
      const plain = indexPlainWindows ? undefined : plainWindows(t);
      let h = 0;
      for (let i = 0; i < t.length; i++) {
        if (i >= GRAM) h = (h - Math.imul(t.charCodeAt(i - GRAM), TOP)) | 0;
        h = (Math.imul(h, BASE) + t.charCodeAt(i)) | 0;
        if (i < GRAM - 1 || plain?.[i] === 1) continue;
        this.#insert(h);
      }
    }
  }

  #insert(hash: number): void {
    const key = hash === 0 ? 1 : hash;
    let i = key & this.#mask;
    while (this.#slots[i] !== 0) {
      if (this.#slots[i] === key) return;
      i = (i + 1) & this.#mask;
    }
    this.#slots[i] = key;
  }

  /** The first form that shares an 8-character window with `text`, or undefined. */
  scan(text: string): Form | undefined {
    const slots = this.#slots;
    const mask = this.#mask;
    let h = 0;
    for (let i = 0; i < text.length; i++) {
      if (i >= GRAM) h = (h - Math.imul(text.charCodeAt(i - GRAM), TOP)) | 0;
      h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
      if (i < GRAM - 1) continue;
      const key = h === 0 ? 1 : h;
      let s = key & mask;
      while (slots[s] !== 0) {
        if (slots[s] === key) {
          const window = text.slice(i - GRAM + 1, i + 1);
          // A hash collision must not bring back a plain window the table left out.
          if (!this.#plain && PLAIN_WINDOW.test(window)) break;
          const form = this.forms.find((f) => f.text.includes(window));
          if (form !== undefined) return form;
          break;
        }
        s = (s + 1) & mask;
      }
    }
    return undefined;
  }
}

/** The textual spellings of a token a handler might have produced. */
function textualForms(token: string): Form[] {
  const forms: Form[] = [{ text: token, encoding: 'raw' }];
  // JSON, URI component, form encoding and UTF-8 read as latin1 all leave these characters alone.
  if (!SPELLED_DIFFERENTLY.test(token)) return forms;
  const push = (text: string, encoding: TokenEncoding) => {
    if (!forms.some((f) => f.text === text)) forms.push({ text, encoding });
  };
  push(JSON.stringify(token).slice(1, -1), 'json');
  const url = encodeURIComponent(token);
  push(url, 'url');
  push(
    url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    'url',
  );
  push(new URLSearchParams({ t: token }).toString().slice(2), 'url');
  // What base64 or hex of the UTF-8 bytes decodes to when read back byte by byte.
  push(Buffer.from(token, 'utf8').toString('latin1'), 'raw');
  return forms;
}

// Character-class tests over a whole text are regular expressions: V8's regexp engine
// scans a string several times faster than a charCodeAt loop (about 45 instructions a
// character on Node 20, against 10 to 13).
const DIGIT_OR_UPPER = /[0-9A-Z]/;

function hasDigitOrUpper(text: string): boolean {
  return DIGIT_OR_UPPER.test(text);
}

/** The base64-like and hex-like runs of a text (see runsOf; exported for its test, not from the package). */
export interface Runs {
  readonly hex: string[];
  readonly base64: string[];
}

/** Where the runs of a text are (see runSpans): start and end offsets, in pairs. */
interface RunSpans {
  readonly hex: number[];
  readonly base64: number[];
}

/**
 * The maximal hex-like and base64-like runs of `text` long enough to carry 8
 * bytes once decoded, found in one pass with the character tests written out (a
 * test passed in as a function costs a call per character). A run counts only
 * when it holds a strong character: encodings of real bytes are never all
 * lower-case letters (hex of text always has digits, base64 of 8 bytes almost
 * always has a digit or a capital), while words such as `participant` are, and
 * decoding those would be wasted work. Node's base64 decoder reads both
 * alphabets, so both are one class.
 */
function runSpans(text: string): RunSpans {
  const hex: number[] = [];
  const base64: number[] = [];
  let hexStart = -1;
  let hexStrong = false;
  let b64Start = -1;
  let b64Strong = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : -1;
    const digit = c >= 48 && c <= 57;
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) {
      if (hexStart < 0) {
        hexStart = i;
        hexStrong = false;
      }
      if (digit) hexStrong = true;
    } else if (hexStart >= 0) {
      if (hexStrong && i - hexStart >= HEX_RUN) hex.push(hexStart, i);
      hexStart = -1;
    }
    if (digit || upper || lower || c === 43 || c === 47 || c === 45 || c === 95) {
      if (b64Start < 0) {
        b64Start = i;
        b64Strong = false;
      }
      if (digit || upper) b64Strong = true;
    } else if (b64Start >= 0) {
      if (b64Strong && i - b64Start >= BASE64_RUN) base64.push(b64Start, i);
      b64Start = -1;
    }
  }
  return { hex, base64 };
}

/** The texts of `spans` (start and end pairs) that are at most `longest` long, in order. */
function slices(
  text: string,
  spans: readonly number[],
  longest = Number.POSITIVE_INFINITY,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    const from = spans[i] as number;
    const to = spans[i + 1] as number;
    if (to - from <= longest) out.push(text.slice(from, to));
  }
  return out;
}

/** The runs of one text (see runSpans). */
export function runsOf(text: string): Runs {
  const spans = runSpans(text);
  return { hex: slices(text, spans.hex), base64: slices(text, spans.base64) };
}

const HEX_STRONG = /[0-9]/;

/**
 * The runs a result is decoded from, from one pass over its joined text: first
 * the runs of each string on its own (a key glued to its value would shift the
 * value's groups), then the joined text's short runs (pieces split across
 * items). A string's own runs are the joined text's runs cut at the strings'
 * edges, each piece kept when it is still long enough and holds a strong
 * character: the same as runsOf of the strings joined with NUL, without a second
 * pass. Exported for its test, not from the package.
 */
export function resultRuns(joined: string, parts: readonly string[] | undefined): Runs {
  if (parts === undefined) return runsOf(joined);
  const spans = runSpans(joined);
  const edges: number[] = [];
  let at = 0;
  for (const part of parts) {
    at += part.length;
    edges.push(at);
  }
  const own = (pairs: readonly number[], min: number, strong: RegExp): string[] => {
    const out: string[] = [];
    let edge = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const start = pairs[i] as number;
      const end = pairs[i + 1] as number;
      while ((edges[edge] as number) <= start) edge++;
      for (let from = start, k = edge; from < end; k++) {
        const to = Math.min(end, edges[k] as number);
        if (to - from >= min) {
          const piece = joined.slice(from, to);
          if (strong.test(piece)) out.push(piece);
        }
        from = to;
      }
    }
    return out;
  };
  return {
    hex: [...own(spans.hex, HEX_RUN, HEX_STRONG), ...slices(joined, spans.hex, MAX_REALIGNED_RUN)],
    base64: [
      ...own(spans.base64, BASE64_RUN, DIGIT_OR_UPPER),
      ...slices(joined, spans.base64, MAX_REALIGNED_RUN),
    ],
  };
}

/**
 * Decoded views of the base64-like and hex-like runs in `text`, one per
 * alignment: each run is cut to whole groups at that offset and the pieces are
 * decoded together, so a result with many short runs costs six decodes, not
 * six per run.
 */
function decodedRuns(
  joined: string,
  parts: readonly string[] | undefined,
): { text: string; encoding: TokenEncoding }[] {
  const views: { text: string; encoding: TokenEncoding }[] = [];
  // Every run needs a digit or a capital (see runSpans): text without one, as most
  // short results are, has nothing to decode.
  if (!hasDigitOrUpper(joined)) return views;
  // A long run (an image, a file) is an encoding that starts where the run
  // starts; only short runs, which may be a piece glued to other text, are
  // also read at the other alignments. That keeps a 1 MB image to one decode.
  const aligned = (runs: string[], group: number, offsets: number) =>
    runs.length === 0
      ? []
      : Array.from({ length: offsets }, (_, k) =>
          runs
            .filter((run) => k === 0 || run.length <= MAX_REALIGNED_RUN)
            .map((run) => {
              const from = run.slice(k);
              return from.slice(0, from.length - (from.length % group));
            })
            .join(''),
        ).filter((joined) => joined.length > 0);
  const runs = resultRuns(joined, parts);
  for (const view of aligned(runs.hex, 2, 2)) {
    views.push({ text: Buffer.from(view, 'hex').toString('latin1'), encoding: 'hex' });
  }
  // Node's base64 decoder reads both alphabets.
  for (const view of aligned(runs.base64, 4, 4)) {
    views.push({ text: Buffer.from(view, 'base64').toString('latin1'), encoding: 'base64' });
  }
  return views;
}

/** A searcher for one token: build it once per call, search any number of values. */
export interface TokenSearcher {
  readonly find: (value: unknown) => TokenExposure | undefined;
}

/** A text of at most this many 8-character windows is searched window by window. */
const DIRECT_WINDOWS = 16;

/**
 * A searcher used for this many texts is a reused one (the runtime keeps one per
 * token across calls): it builds its window table even for short texts, when its
 * spellings are at most REUSED_TABLE_CHARS long (a JWT: 8 KiB of table; at most 32 KiB),
 * and every later text costs one pass over the text instead of a search of the
 * spellings per window.
 */
const REUSED_AFTER_TEXTS = 4;
const REUSED_TABLE_CHARS = 4096;

/** Builds the searcher of one token; its forms and window table are made when first needed. */
export function tokenSearcher(token: string): TokenSearcher {
  if (token.length < GRAM) {
    const bytes = Buffer.from(token, 'utf8');
    // Too short to cut into fragments: its whole spellings are searched.
    const whole: Form[] = [
      ...textualForms(token),
      { text: bytes.toString('base64').replace(/=+$/, ''), encoding: 'base64' },
      { text: bytes.toString('base64url'), encoding: 'base64' },
      { text: bytes.toString('hex'), encoding: 'hex' },
      { text: bytes.toString('hex').toUpperCase(), encoding: 'hex' },
    ];
    const find = (
      text: string,
      _parts: readonly string[] | undefined,
    ): TokenExposure | undefined => {
      if (token.length === 0) return undefined;
      const form = whole.find((f) => text.includes(f.text));
      return form === undefined ? undefined : { encoding: form.encoding, fragment: false };
    };
    return { find: (value) => searchValue(value, find) };
  }
  let forms: Form[] | undefined;
  let indexPlain: boolean | undefined;
  let table: WindowTable | undefined;
  const formsOf = () => {
    forms ??= textualForms(token);
    return forms;
  };
  const plainCounts = () => {
    indexPlain ??= plainWindowsAreSecret(token);
    return indexPlain;
  };
  let formChars = -1;
  let texts = 0;
  // The same answer as a scan of the token's table, with the table built over
  // the text instead: for a text shorter than the token's spellings (most tool
  // results) that is the cheaper side to index, and the spellings are read once.
  const scanReverse = (text: string): Form | undefined => {
    const index = new WindowTable([{ text, encoding: 'raw' }], plainCounts());
    for (const form of formsOf()) if (index.scan(form.text) !== undefined) return form;
    return undefined;
  };
  // For a text of a few windows: each one is looked up in the spellings (a native search).
  const scanDirect = (text: string): Form | undefined => {
    const all = formsOf();
    let other = 0;
    for (let i = 0; i < text.length; i++) {
      if (!isPlainChar(text.charCodeAt(i))) other++;
      if (i >= GRAM && !isPlainChar(text.charCodeAt(i - GRAM))) other--;
      if (i < GRAM - 1) continue;
      const window = text.slice(i - GRAM + 1, i + 1);
      const form = all.find((f) => f.text.includes(window));
      // A plain window counts only when the token is mostly plain (see PLAIN_WINDOW); that
      // pass over the token is made only for a window the token holds.
      if (form !== undefined && (other > 0 || plainCounts())) return form;
    }
    return undefined;
  };
  const scan = (text: string): Form | undefined => {
    if (text.length < GRAM) return undefined;
    // Once built (for a longer text of the same result), the token's table is the cheapest way.
    if (table !== undefined) return table.scan(text);
    if (formChars < 0) formChars = formsOf().reduce((n, f) => n + f.text.length, 0);
    if (++texts > REUSED_AFTER_TEXTS && formChars <= REUSED_TABLE_CHARS) {
      table = new WindowTable(formsOf(), plainCounts());
      return table.scan(text);
    }
    if (text.length - GRAM < DIRECT_WINDOWS) return scanDirect(text);
    if (text.length < formChars) return scanReverse(text);
    table ??= new WindowTable(formsOf(), plainCounts());
    return table.scan(text);
  };
  const find = (text: string, parts: readonly string[] | undefined): TokenExposure | undefined => {
    // Plain characters only (a result such as { content: [{ type: 'text', text: 'ok' }] },
    // keys included): every window is plain, which no scan counts for a mostly random
    // token, and nothing is decoded without a digit or a capital. The same answer as the
    // scans below, for one pass of the regexp engine.
    if (!plainCounts() && !NOT_PLAIN.test(text)) return undefined;
    const direct = scan(text);
    if (direct !== undefined) {
      return { encoding: direct.encoding, fragment: !text.includes(direct.text) };
    }
    for (const decoded of decodedRuns(text, parts)) {
      const form = scan(decoded.text);
      if (form !== undefined) {
        return { encoding: decoded.encoding, fragment: !decoded.text.includes(form.text) };
      }
    }
    return undefined;
  };
  return { find: (value) => searchValue(value, find) };
}

/** Tokens longer than this are not kept: their spellings and window table would dominate the cache. */
const MAX_CACHED_TOKEN_CHARS = 4096;

/**
 * What toolscope works out about one call token, once per distinct token, kept
 * in the runtime's bounded per-token cache (`createTokenFactsCache`): the
 * verdict of the spelling check (`tokenFormProblem`), the result searcher, and
 * the fingerprint the verified-result cache keys an unpartitioned verifier's
 * entry by. Every field is a pure function of the token, so a repeated token is
 * checked and hashed once and any holder of the same token gets the same
 * answers. It holds the token only in memory, as the searcher itself must;
 * nothing of it is logged.
 */
export class TokenFacts {
  readonly #token: string;
  /** Why the token is not in its canonical spelling (`tokenFormProblem`), or undefined. */
  readonly formProblem: TokenFormProblem | undefined;
  #searcher: TokenSearcher | undefined;
  #fingerprint: string | undefined;

  constructor(token: string, formProblem: TokenFormProblem | undefined = tokenFormProblem(token)) {
    this.#token = token;
    this.formProblem = formProblem;
  }

  /** The token's result searcher, built on first use. */
  get searcher(): TokenSearcher {
    let searcher = this.#searcher;
    if (searcher === undefined) {
      searcher = tokenSearcher(this.#token);
      this.#searcher = searcher;
    }
    return searcher;
  }

  /**
   * `tokenFingerprint("\u0000" + token)`: the verified-result cache key of this token
   * for a verifier whose decision depends on the token alone (jwt, introspection,
   * custom with `dependsOn: 'token'`), hashed on first use.
   */
  get fingerprint(): string {
    let fingerprint = this.#fingerprint;
    if (fingerprint === undefined) {
      fingerprint = tokenFingerprint(`\u0000${this.#token}`);
      this.#fingerprint = fingerprint;
    }
    return fingerprint;
  }
}

/** The facts of a token, made once per distinct token by a `TokenFactsCache`. */
export type TokenFactsCache = (token: string) => TokenFacts;

/**
 * The bounded per-token cache of one runtime, least recently used dropped
 * first: each entry is a token's `TokenFacts` (its spelling verdict, its result
 * searcher with the token's spellings and window table, its cache-key
 * fingerprint), which every call with the same token (an agent's access token,
 * reused until it expires) would otherwise work out again. The token is the
 * key, held only in memory. A token longer than 4,096 characters, or one whose
 * spelling is refused, is not kept: its facts are made for the call and dropped.
 */
export function createTokenFactsCache(max: number): TokenFactsCache {
  const entries = new Map<string, TokenFacts>();
  // The most recently used entry (the last in the Map's order), so that the calls of one
  // agent in a row, the common case, find it without re-ordering the Map. It is an entry
  // of the Map, not a second store: evicting it (only when it is the sole entry) replaces it.
  let lastToken: string | undefined;
  let lastFacts: TokenFacts | undefined;
  return (token) => {
    if (token === lastToken && lastFacts !== undefined) return lastFacts;
    if (token.length > MAX_CACHED_TOKEN_CHARS) return new TokenFacts(token);
    let facts = entries.get(token);
    if (facts !== undefined) {
      // Most recently used last: re-inserting moves it to the end of the Map's order.
      entries.delete(token);
      entries.set(token, facts);
      lastToken = token;
      lastFacts = facts;
      return facts;
    }
    facts = new TokenFacts(token);
    // A refused spelling is answered, never kept: the cache holds only tokens that can pass.
    if (facts.formProblem !== undefined) return facts;
    entries.set(token, facts);
    if (entries.size > max) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    lastToken = token;
    lastFacts = facts;
    return facts;
  };
}

function searchValue(
  value: unknown,
  find: (text: string, parts: readonly string[] | undefined) => TokenExposure | undefined,
): TokenExposure | undefined {
  const parts: string[] = [];
  if (!collect(value, parts, 0)) return { encoding: 'unsearchable', fragment: false };
  if (parts.length === 1) return find(parts[0] as string, undefined);
  // One text for the whole result: a token split across items is whole again here. The
  // strings' edges in it (`parts`) keep each string's own runs apart when there are runs
  // to decode (resultRuns).
  return find(parts.join(''), parts);
}

/** Gathers every string, key and number of `value`; false when it is too deep to search. */
function collect(value: unknown, into: string[], depth: number): boolean {
  if (typeof value === 'string') {
    into.push(value);
    return true;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    into.push(String(value));
    return true;
  }
  if (value === null || typeof value !== 'object') return true;
  // A structure this deep is not a tool result anyone meant; treat it as holding the token.
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!collect(item, into, depth + 1)) return false;
    return true;
  }
  // The own enumerable string keys, as Object.entries has them, without an array per entry.
  for (const key of Object.keys(value)) {
    into.push(key);
    if (!collect((value as Record<string, unknown>)[key], into, depth + 1)) return false;
  }
  return true;
}

/**
 * Where, if anywhere, `result` carries `token`: raw, JSON-escaped, URL-encoded,
 * base64 or base64url (any alignment), hex, or a fragment of at least 8
 * characters of it in any of these, also split across content items. Returns
 * undefined when the result may be sent.
 */
export function findTokenExposure(result: unknown, token: string): TokenExposure | undefined {
  if (token.length === 0) return undefined;
  return tokenSearcher(token).find(result);
}
