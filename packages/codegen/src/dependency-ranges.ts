/**
 * The one table of third-party version ranges. Every toolscope package.json
 * (checked by dependency-ranges.test.ts) and every package the generator
 * writes take their ranges from here, so a user never meets two toolscope
 * packages that disagree about which zod or MCP SDK they accept.
 *
 * To change a range: edit it here, then run `pnpm toolscope generate` and
 * fix the package.json files the test names.
 */

/** One peer dependency: the range users may hold, the exact version we build and test with. */
export interface PeerRange {
  /** The `peerDependencies` range. */
  readonly range: string;
  /** The exact version in `devDependencies`, where a package builds against it. */
  readonly dev: string;
  /**
   * Which package.json files the test holds to `range`: `all` (every package
   * under packages/ that declares it, generated ones included) or `generated`
   * (only the generator's output; the runtime packages' own entries are not
   * yet aligned).
   */
  readonly checked: 'all' | 'generated';
}

/** Peer dependencies users hold their own copy of, by package name. */
export const PEER_RANGES = {
  zod: { range: '^4.1.0', dev: '4.6.7', checked: 'all' },
  // SDK 1.x: @toolscope/server/v1 reads two private members, so the range stops at the minor tested.
  '@modelcontextprotocol/sdk': { range: '>=1.32.0 <2', dev: '1.32.2', checked: 'all' },
  // SDK v2, server and client lines (@toolscope/server/v2, @toolscope/client).
  '@modelcontextprotocol/server': { range: '^2.4.0', dev: '2.4.0', checked: 'all' },
  '@modelcontextprotocol/client': { range: '^2.4.0', dev: '2.4.0', checked: 'all' },
} as const satisfies Readonly<Record<string, PeerRange>>;

/** Tools a generated package builds with (its `devDependencies`), exact versions. */
export const BUILD_TOOLS = {
  typescript: '5.9.3',
} as const satisfies Readonly<Record<string, string>>;
