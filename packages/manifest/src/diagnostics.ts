/** Severity of a diagnostic; warnings fail only with `--fail-on-warnings`. */
export type DiagnosticSeverity = 'error' | 'warning';

/** One problem found in a manifest, located precisely enough to fix from the message alone. */
export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  /** Stable string code, e.g. `MANIFEST_UNKNOWN_KEY`, `PROVIDER_UNKNOWN`. */
  readonly code: string;
  readonly message: string;
  /** What to do about it, e.g. `did you mean "requiredScopes"?`. */
  readonly hint?: string;
  /** Path of the manifest file as given to the loader (relative to cwd when possible). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** RFC 6901 JSON pointer into the manifest document, `""` for the root. */
  readonly pointer: string;
}
