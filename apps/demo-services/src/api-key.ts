import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authenticate } from './http-kit.js';

/** Who called the order service: the department that owns the key. */
export interface DepartmentCaller {
  readonly department: string;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Checks the department API key in `headerName` against the issued keys, in
 * constant time over their digests; 401 for a missing or unknown key.
 */
export function apiKeyAuthentication(
  headerName: string,
  keysByDepartment: Readonly<Record<string, string>>,
): Authenticate<DepartmentCaller> {
  const known = Object.entries(keysByDepartment).map(([department, key]) => ({
    department,
    digest: digest(key),
  }));
  const header = headerName.toLowerCase();
  return async (req) => {
    const value = req.headers[header];
    const presented = typeof value === 'string' ? digest(value) : undefined;
    const owner =
      presented === undefined
        ? undefined
        : known.find((entry) => timingSafeEqual(entry.digest, presented));
    if (owner === undefined) return { status: 401, body: { error: 'invalid_api_key' } };
    return { caller: { department: owner.department } };
  };
}
