/** `verifyServer`: connect, list, compare with the manifests, optionally check refusals. */
import type { Diagnostic, ManifestIR } from '@toolscope/manifest';
import { connectServer, type VerifyTarget } from './connect.js';
import { compareListing, type ListingOptions } from './listing.js';
import { checkRefusals } from './refusal.js';

/** Options of `verifyServer`. */
export interface VerifyOptions extends ListingOptions {
  /** Call each oauth2 and apiKey tool without a token and expect `missing_token`. */
  readonly callWithoutToken?: boolean;
  /** Per request, in milliseconds; default 15 000. */
  readonly timeoutMs?: number;
}

/** The outcome of a verify run. */
export interface VerifyReport {
  /** Sorted by file, line and column. */
  readonly diagnostics: readonly Diagnostic[];
  /** How many tools the server listed and the manifests declare. */
  readonly listed: number;
  readonly declared: number;
  /** How many tools were called without a token (0 unless asked). */
  readonly refusalsChecked: number;
  /** False when any diagnostic is an error. */
  readonly ok: boolean;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : 1);
}

/** Checks a running server against the manifests it should be built from. */
export async function verifyServer(
  ir: ManifestIR,
  target: VerifyTarget,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const connection = await connectServer(
    target,
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
  try {
    const diagnostics = compareListing(ir, connection.tools, options);
    let refusalsChecked = 0;
    if (options.callWithoutToken === true) {
      const listed = new Set(connection.tools.map((t) => String(t.name)));
      refusalsChecked = ir.toolsets
        .flatMap((t) => t.tools)
        .filter((t) => t.authorization.method !== 'none' && listed.has(t.name)).length;
      diagnostics.push(...(await checkRefusals(ir, connection)));
    }
    diagnostics.sort(byPosition);
    return {
      diagnostics,
      listed: connection.tools.length,
      declared: ir.toolsets.reduce((n, t) => n + t.tools.length, 0),
      refusalsChecked,
      ok: !diagnostics.some((d) => d.severity === 'error'),
    };
  } finally {
    await connection.close().catch(() => {});
  }
}
