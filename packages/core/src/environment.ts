/**
 * The value of an environment variable where the host has `process.env`
 * (Node.js and runtimes compatible with it), else `undefined`. Read through
 * `globalThis`, so a package that calls it compiles without Node's types and
 * runs where there is no `process` (a browser, a worker).
 */
export function environmentVariable(name: string): string | undefined {
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env?.[name];
}
