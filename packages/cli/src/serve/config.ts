/**
 * The `serve` key of toolscope.config: how `toolscope serve` runs. Checked
 * here, with the JSON pointer of the first problem and what to write instead.
 */
import { ToolscopeError } from '@toolscope/core';
import { closestMatch } from '@toolscope/manifest';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const jwt = z.strictObject({
  kind: z.literal('jwt'),
  jwksUri: url,
  algorithms: z.array(z.string().min(1)).min(1),
  typ: z.string().min(1).optional(),
  clockToleranceSeconds: z.number().min(0).max(60).optional(),
});
const introspection = z.strictObject({
  kind: z.literal('introspection'),
  endpoint: url,
  clientId: z.string().min(1).optional(),
  /** The secret itself never goes in a config file: the name of the variable holding it. */
  clientSecretEnv: z.string().regex(ENV_NAME).optional(),
  cacheTtlSeconds: z.number().min(0).optional(),
  timeoutMs: z.int().min(1).optional(),
});
const verifier = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('opaque') }),
  jwt,
  introspection,
]);

/** The `serve` key as `toolscope serve` accepts it. */
export const serveConfigSchema = z.strictObject({
  /** Interface to bind; default 127.0.0.1. */
  host: z.string().min(1).optional(),
  /** Default 0 (any free port; the bound URL is printed). */
  port: z.int().min(0).max(65535).optional(),
  /** Path of the MCP endpoint; default /mcp. */
  path: z
    .string()
    .regex(/^\/[^?#\s]*$/)
    .optional(),
  mode: z.enum(['stateless', 'session']).optional(),
  profile: z.enum(['jsonrpc', 'tool-result', 'denial']).optional(),
  validateOutput: z.boolean().optional(),
  /** Host header values accepted; default the bound host:port (and localhost:port on loopback). */
  allowedHosts: z.array(z.string().min(1)).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Per provider id: where its API is (resource) and how its tokens are verified. */
  providers: z
    .record(
      z.string(),
      z.strictObject({
        resource: url.optional(),
        issuer: url.optional(),
        verifier: verifier.optional(),
      }),
    )
    .optional(),
  /** Header mode (wire-protocol.md §5): `self` tools take the connection token. */
  connectionAuth: z
    .strictObject({
      resource: url,
      issuer: url,
      authorizationServers: z.array(url).min(1).optional(),
      verifier: z.discriminatedUnion('kind', [jwt, introspection]),
      scopesSupported: z.array(z.string().min(1)).optional(),
      resourceMetadataUrl: url.optional(),
    })
    .optional(),
});

/** The checked `serve` key. */
export type ServeConfig = z.output<typeof serveConfigSchema>;

const pointerOf = (path: readonly PropertyKey[]) =>
  `/serve${path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`;

/** Checks the `serve` key; throws CONFIG_INVALID at its first problem, naming the file and pointer. */
export function checkServeConfig(raw: unknown, file: string | undefined): ServeConfig {
  const parsed = serveConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const location = { ...(file === undefined ? {} : { file }), pointer: pointerOf(issue.path) };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed =
      issue.path.length === 0 ? Object.keys(serveConfigSchema.shape) : ([] as string[]);
    const guess = closestMatch(key, allowed);
    return fail(
      `unknown key "${key}" in serve${issue.path.length ? ` at ${location.pointer}` : ''}`,
      {
        location: { ...location, pointer: `${location.pointer}/${key}` },
        hint: guess
          ? `did you mean "${guess}"?`
          : allowed.length > 0
            ? `the serve keys are ${allowed.join(', ')}`
            : 'remove it',
      },
    );
  }
  const message =
    issue.code === 'invalid_format' && issue.format === 'url'
      ? 'must be an absolute http(s) URL'
      : issue.message;
  return fail(`serve${location.pointer.slice('/serve'.length).replaceAll('/', '.')}: ${message}`, {
    location,
    hint: 'see `toolscope serve --help` and the http-tools guide for the serve keys',
  });
}

function fail(
  message: string,
  options: { location: { file?: string; pointer: string }; hint: string },
): never {
  throw new ToolscopeError('CONFIG_INVALID', message, options);
}
