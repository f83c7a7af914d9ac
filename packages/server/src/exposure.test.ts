import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CANARY } from '../test/fixtures.js';
import { findTokenExposure, resultRuns, runsOf, tokenSearcher } from './exposure.js';
import { containsToken } from './redact.js';

const JWT_LIKE =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhbGljZSIsInNjb3BlIjoibWVldGluZzpyZWFkIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';
const WITH_SPECIALS = 'tok"en\\with/odd+chars=and spaces&more%';
const text = (t: string) => ({ content: [{ type: 'text', text: t }] });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const hex = (s: string) => Buffer.from(s).toString('hex');

describe('class 4, redaction: a result carrying the token in any common encoding is found', () => {
  for (const token of [CANARY, JWT_LIKE, WITH_SPECIALS]) {
    it.each([
      ['raw', (t: string) => text(`here: ${t}`)],
      ['JSON-escaped', (t: string) => text(JSON.stringify({ echo: t }))],
      ['base64', (t: string) => text(b64(t))],
      ['base64 inside a longer base64 value', (t: string) => text(b64(`{"auth":"Bearer ${t}"}`))],
      ['base64url', (t: string) => text(b64url(t))],
      ['base64url at every alignment', (t: string) => text(b64url(`xy${t}z`))],
      ['base64 glued to other text', (t: string) => text(`ref:ZZZ${b64(t)}`)],
      [
        'base64 of a large binary blob holding it',
        (t: string) => ({
          content: [
            {
              type: 'image',
              mimeType: 'image/png',
              data: Buffer.concat([randomBytes(5000), Buffer.from(t), randomBytes(3001)]).toString(
                'base64',
              ),
            },
          ],
        }),
      ],
      ['URL-encoded', (t: string) => text(`https://x.example/?t=${encodeURIComponent(t)}`)],
      ['form-encoded', (t: string) => text(new URLSearchParams({ t }).toString())],
      ['hex', (t: string) => text(hex(t))],
      ['upper-case hex', (t: string) => text(hex(t).toUpperCase())],
      ['a 20-character fragment', (t: string) => text(`prefix ${t.slice(5, 25)} suffix`)],
      ['an 8-character fragment', (t: string) => text(`… ${t.slice(2, 10)} …`)],
      [
        'split across content items',
        (t: string) => ({
          content: [
            { type: 'text', text: t.slice(0, 6) },
            { type: 'text', text: t.slice(6, 12) },
            { type: 'text', text: t.slice(12) },
          ],
        }),
      ],
      ['a key', (t: string) => ({ structuredContent: { [t]: 1 }, content: [] })],
      ['deep in structured content', (t: string) => ({ a: [{ b: { c: [`${t}`] } }] })],
    ])(`${token.slice(0, 10)}…: %s`, (_how, build) => {
      const result = build(token);
      expect(findTokenExposure(result, token)).toBeDefined();
      expect(containsToken(result, token)).toBe(true);
    });
  }

  it('names the encoding and whether only a fragment was found, never the token', () => {
    expect(findTokenExposure(text(CANARY), CANARY)).toEqual({ encoding: 'raw', fragment: false });
    expect(findTokenExposure(text(hex(CANARY)), CANARY)).toMatchObject({ encoding: 'hex' });
    expect(findTokenExposure(text(b64(CANARY)), CANARY)).toMatchObject({ encoding: 'base64' });
    expect(findTokenExposure(text(CANARY.slice(3, 15)), CANARY)).toEqual({
      encoding: 'raw',
      fragment: true,
    });
    expect(JSON.stringify(findTokenExposure(text(CANARY), CANARY))).not.toContain(
      CANARY.slice(0, 8),
    );
  });

  it('finds short tokens whole, in each encoding', () => {
    const short = 'k3y+7';
    for (const spelled of [short, b64(short), hex(short), encodeURIComponent(short)]) {
      expect(findTokenExposure(text(`x ${spelled} y`), short)).toBeDefined();
    }
    expect(findTokenExposure(text('k3y 7'), short)).toBeUndefined();
  });

  it('treats a structure too deep to search as exposed (fails closed)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { next: deep };
    expect(findTokenExposure(deep, CANARY)).toEqual({ encoding: 'unsearchable', fragment: false });
  });

  it('lets ordinary results through: no false alarm on unrelated text, ids and hashes', () => {
    const token = b64url(randomBytes(48).toString('latin1'));
    const ordinary = {
      content: [
        { type: 'text', text: 'Meeting 5555555555 had 12 participants.' },
        { type: 'text', text: Array.from({ length: 200 }, () => randomUUID()).join(',') },
        { type: 'text', text: randomBytes(4096).toString('hex') },
        { type: 'text', text: randomBytes(4096).toString('base64') },
      ],
      structuredContent: { ok: true, n: 42 },
    };
    expect(findTokenExposure(ordinary, token)).toBeUndefined();
    expect(findTokenExposure(ordinary, CANARY)).toBeUndefined();
    expect(findTokenExposure(ordinary, '')).toBeUndefined();
  });
});

describe('class 4, redaction: readable parts of a key do not count as fragments', () => {
  const key = 'orders-support-Q3vX9kLm2PzT7wYbN4rD';

  it('lets a result through that shares only plain words with the key (an order id support-1001)', () => {
    const orders = text(
      JSON.stringify({ orders: [{ id: 'support-1001' }, { id: 'support-1002' }] }),
    );
    expect(findTokenExposure(orders, key)).toBeUndefined();
  });

  it('still finds 8 characters of its random part, and the whole key', () => {
    expect(findTokenExposure(text(`id ${key.slice(16, 24)}`), key)).toMatchObject({
      fragment: true,
    });
    expect(findTokenExposure(text(`support-${key.slice(15, 20)}`), key)).toBeDefined();
    expect(findTokenExposure(text(key), key)).toMatchObject({ fragment: false });
  });

  it('counts plain windows when the token is mostly plain itself', () => {
    const wordy = 'correct-horse-battery-staple-tokens';
    expect(findTokenExposure(text('a battery-staple here'), wordy)).toBeDefined();
  });
});

describe('class 4, redaction through registerTools (official SDK client, in-memory transport)', () => {
  it('withholds a result that echoes the token base64-encoded or split across items', async () => {
    const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const { registerTools } = await import('./sdk-v1/install.js');
    const server = new Server({ name: 's', version: '1' }, { capabilities: {} });
    const requirement = { method: 'apiKey' as const, provider: { id: 'crm' } };
    const echo = (name: string, build: (token: string) => unknown) => ({
      definition: { name, inputSchema: { type: 'object' as const }, requirement },
      handler: (_i: unknown, c: { token: string }) => build(c.token),
    });
    registerTools(server, [
      echo('b64', (t) => text(b64(t))),
      echo('split', (t) => ({
        content: [
          { type: 'text', text: t.slice(0, 9) },
          { type: 'text', text: t.slice(9) },
        ],
      })),
      echo('clean', () => text('nothing secret')),
    ]);
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(b);
    const call = (name: string) =>
      client.callTool({
        name,
        arguments: {},
        _meta: { authorization: { method: 'apiKey', token: CANARY } },
      });
    for (const name of ['b64', 'split']) {
      const result = await call(name);
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result)).not.toContain(b64(CANARY).slice(0, 12));
      expect(JSON.stringify(result)).not.toContain(CANARY.slice(0, 9));
    }
    expect(await call('clean')).toMatchObject({ content: [{ text: 'nothing secret' }] });
    await client.close();
  });
});

describe('the three scan strategies (window by window, text-indexed, token-indexed) agree', () => {
  // A short text is searched window by window, one shorter than the token's
  // spellings through a table of its own windows, a longer one through the token's table.
  const pads = [0, 30, 400, 3000];
  const tokens = [
    JWT_LIKE,
    CANARY,
    randomBytes(24).toString('hex'),
    'orders-support-team-key-lower',
  ];
  for (const token of tokens) {
    for (const pad of pads) {
      const filler = 'x'.repeat(pad);
      it(`${token.slice(0, 8)}… with ${pad} characters around it`, () => {
        expect(findTokenExposure(text(`${filler}${token.slice(3, 11)}`), token)).toBeDefined();
        expect(findTokenExposure(text(`${filler}${b64(token)}`), token)).toBeDefined();
        expect(findTokenExposure(text(`${filler}${token.slice(3, 10)}`), token)).toBeUndefined();
        expect(findTokenExposure(text(`${filler} nothing here`), token)).toBeUndefined();
      });
    }
  }
  it('a plain window of a mostly random token never counts, whatever the text length', () => {
    const token = `${randomBytes(30).toString('base64url')}support-team${randomBytes(30).toString('base64url')}`;
    for (const pad of pads) {
      expect(findTokenExposure(text(`${'-'.repeat(pad)}support-team`), token)).toBeUndefined();
    }
  });
});

describe('a reused searcher (the runtime keeps one per token) answers as a fresh one does', () => {
  // After a few texts a reused searcher indexes the token once and scans short texts
  // through that table instead of window by window; the answers must not change.
  const tokens = [
    JWT_LIKE,
    CANARY,
    WITH_SPECIALS,
    randomBytes(24).toString('hex'),
    'orders-support-team-key-lower',
    `${randomBytes(30).toString('base64url')}support-team${randomBytes(30).toString('base64url')}`,
  ];
  for (const token of tokens) {
    it(`${token.slice(0, 8)}…: every text, short and long, is found or let through as by a fresh one`, () => {
      const texts = [
        'ok',
        'nothing to see here',
        `x${token.slice(3, 11)}y`,
        token.slice(3, 10),
        token.slice(-8),
        `${token.slice(0, 4)} ${token.slice(4, 8)}`,
        'support-team',
        b64(token),
        `ref:${b64url(token)}`,
        JSON.stringify({ echo: token }),
        encodeURIComponent(token).slice(2, 14),
        hex(token).slice(0, 20),
        `${'x'.repeat(400)}${token.slice(5, 13)}`,
        'x'.repeat(3000),
      ];
      const reused = tokenSearcher(token);
      // Twice over: the first pass runs before and after the switch, the second after it.
      for (const t of [...texts, ...texts]) {
        // Found or not is the contract (the scrub withholds on any finding); which
        // spelling is named may differ between strategies, as it already does.
        const fresh = findTokenExposure(text(t), token) !== undefined;
        expect(reused.find(text(t)) !== undefined, JSON.stringify(t.slice(0, 40))).toBe(fresh);
      }
    });
  }
});

describe('the encoded runs a result is decoded from', () => {
  // The definition, character by character: maximal runs of a class, at least `min`
  // long, holding at least one strong character.
  const reference = (text: string, member: RegExp, strong: RegExp, min: number) => {
    const runs: string[] = [];
    let run = '';
    for (const c of `${text}\u0000`) {
      if (member.test(c)) {
        run += c;
        continue;
      }
      if (run.length >= min && strong.test(run)) runs.push(run);
      run = '';
    }
    return runs;
  };
  const alphabet = 'aAfFgG09zZ+/_-.=~ \u0000é:';
  const random = (length: number) =>
    Array.from(
      { length },
      () => alphabet[Math.floor(Math.random() * alphabet.length)] as string,
    ).join('');

  it('are the maximal hex-like and base64-like runs with a digit (hex) or a digit or capital (base64)', () => {
    const texts = [
      '',
      'deadbeefdeadbeef',
      'deadbeefdeadbeef0',
      'DEADBEEF00112233',
      'participants-and-more',
      'SGVsbG8gd29ybGQh',
      `x${b64url(JWT_LIKE)}y`,
      hex('some longer text to encode'),
      ...Array.from({ length: 300 }, (_, i) => random(1 + (i % 90))),
    ];
    for (const t of texts) {
      expect(runsOf(t), JSON.stringify(t)).toEqual({
        hex: reference(t, /[0-9A-Fa-f]/, /[0-9]/, 16),
        base64: reference(t, /[A-Za-z0-9+/_-]/, /[0-9A-Z]/, 11),
      });
    }
  });

  it("of a result are each string's own runs, then the joined text's short runs, from one pass", () => {
    const definition = (parts: string[]) => {
      const own = runsOf(parts.join('\u0000'));
      const glued = runsOf(parts.join(''));
      const short = (runs: string[]) => runs.filter((run) => run.length <= 256);
      return {
        hex: [...own.hex, ...short(glued.hex)],
        base64: [...own.base64, ...short(glued.base64)],
      };
    };
    const cases: string[][] = [
      ['content', 'type', 'text', 'text', 'ok'],
      ['', 'deadbeef', 'deadbeef00', '', '11223344556677'],
      [b64url(JWT_LIKE).slice(0, 30), b64url(JWT_LIKE).slice(30)],
      ['x'.repeat(300), `${b64(JWT_LIKE)}`, 'A1'],
      ...Array.from({ length: 300 }, (_, i) =>
        Array.from({ length: 1 + (i % 7) }, (_, j) => random((i * 7 + j * 13) % 40)),
      ),
    ];
    for (const parts of cases) {
      expect(resultRuns(parts.join(''), parts), JSON.stringify(parts)).toEqual(definition(parts));
    }
    // One string: its runs, whatever their length.
    const one = b64(JWT_LIKE.repeat(4));
    expect(resultRuns(one, undefined)).toEqual(runsOf(one));
  });

  it('a text of plain characters only is let through, unless the token is mostly plain itself', () => {
    const random = `${randomBytes(30).toString('base64url')}support-team`;
    const plain = 'correct-horse-battery-staple-tokens';
    expect(tokenSearcher(random).find(text('the support-team says ok'))).toBeUndefined();
    const reused = tokenSearcher(plain);
    // Past the switch to the token's table, as the runtime's reused searcher is.
    for (let i = 0; i < 6; i++) expect(reused.find(text('ok'))).toBeUndefined();
    expect(reused.find(text('battery-staple'))).toMatchObject({ encoding: 'raw', fragment: true });
    expect(reused.find({ content: [{ type: 'text', text: 'horse-battery' }] })).toBeDefined();
  });
});
