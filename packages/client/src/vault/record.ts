import { ClientError } from '../errors.js';
import type { VaultEntryKey } from './store.js';

/*
 * The stored form of a vault entry (issue 11, class 6). Format 2 binds each
 * sealed secret to its entry, its field and every plain field next to it
 * (version, scopes, expiry, updatedAt): changing any of them, or pasting a
 * sealed value into another record, fails authentication. `version` grows by
 * one with every write of the entry, so an older record can be told from the
 * current one (see vault/witness.ts for where the highest version is kept).
 */

/** A sealed field of a record. */
export type SealedField = 'accessToken' | 'refreshToken' | 'apiKey';

/** The plain fields of a record, all bound into the AAD of its sealed ones. */
export interface RecordMeta {
  readonly version: number;
  readonly scopes?: readonly string[] | undefined;
  readonly expiresAt?: number | undefined;
  readonly updatedAt: number;
}

/** A record as read from the store, its secrets still sealed. */
export interface DecodedRecord {
  /** 1: the format before issue 11 (no version, only entry and field in the AAD). */
  readonly format: 1 | 2;
  readonly meta: RecordMeta;
  readonly sealed: Readonly<Partial<Record<SealedField, string>>>;
}

/** Every field that may hold a sealed secret. */
export const SEALED_FIELDS: readonly SealedField[] = ['accessToken', 'refreshToken', 'apiKey'];

const MAX_RECORD_CHARS = 1024 * 1024;

function malformed(what: string): ClientError {
  return new ClientError('VAULT_DECRYPT_FAILED', `A vault record is malformed: ${what}.`, {
    hint: 'The row was written by something other than this vault, or altered.',
  });
}

/** The AAD that binds a sealed value to its entry, field and the record's plain fields. */
export function aadFor(
  key: VaultEntryKey,
  field: SealedField,
  format: 1 | 2,
  meta: RecordMeta,
): string {
  const place = [key.kind, key.subject, key.provider, key.resource, field];
  if (format === 1) return JSON.stringify(['toolscope.vault', ...place]);
  return JSON.stringify([
    'toolscope.vault.v2',
    ...place,
    meta.version,
    meta.scopes ?? null,
    meta.expiresAt ?? null,
    meta.updatedAt,
  ]);
}

/**
 * Parses a stored record without opening it. Throws only `VAULT_DECRYPT_FAILED`
 * ToolscopeErrors, naming what is wrong and never quoting the record.
 */
export function decodeRecord(text: string): DecodedRecord {
  if (typeof text !== 'string' || text.length > MAX_RECORD_CHARS) throw malformed('not a record');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed('not an object');
  }
  const r = value as Record<string, unknown>;
  const format = r['v'];
  if (format !== 1 && format !== 2) throw malformed('unknown format');
  const version = format === 1 ? 0 : r['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw malformed('bad version');
  }
  const scopes = r['scopes'];
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string'))
  ) {
    throw malformed('bad scopes');
  }
  const expiresAt = r['expiresAt'];
  if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) {
    throw malformed('bad expiresAt');
  }
  const updatedAt = r['updatedAt'];
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt))
    throw malformed('bad updatedAt');
  const sealed: Partial<Record<SealedField, string>> = {};
  for (const field of SEALED_FIELDS) {
    const v = r[field];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw malformed(`bad ${field}`);
    sealed[field] = v;
  }
  if (sealed.apiKey === undefined && sealed.accessToken === undefined) {
    throw malformed('no sealed secret');
  }
  return {
    format,
    meta: {
      version,
      ...(scopes === undefined ? {} : { scopes: scopes as string[] }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      updatedAt,
    },
    sealed,
  };
}

/** Serialises a format-2 record. */
export function encodeRecord(
  meta: RecordMeta,
  sealed: Readonly<Partial<Record<SealedField, string>>>,
): string {
  return JSON.stringify({
    v: 2,
    version: meta.version,
    ...sealed,
    ...(meta.scopes === undefined ? {} : { scopes: [...meta.scopes] }),
    ...(meta.expiresAt === undefined ? {} : { expiresAt: meta.expiresAt }),
    updatedAt: meta.updatedAt,
  });
}

/** The version of a stored record, or 0 when it has none or cannot be read. */
export function versionOf(text: string | undefined): number {
  if (text === undefined) return 0;
  try {
    return decodeRecord(text).meta.version;
  } catch {
    return 0;
  }
}
