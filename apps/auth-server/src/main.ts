#!/usr/bin/env node
/**
 * Runs the authorization server as a process. Its AuthServerOptions come in
 * TOOLSCOPE_AUTH_SERVER as JSON; one JSON line on stdout gives the origin and
 * each issuer's URL; SIGTERM/SIGINT stops it.
 */
import { ToolscopeError } from '@toolscope/core';
import { startAuthServer } from './server.js';
import type { AuthServerOptions } from './types.js';

const raw = process.env['TOOLSCOPE_AUTH_SERVER'];
if (raw === undefined) {
  throw new ToolscopeError('CONFIG_INVALID', 'TOOLSCOPE_AUTH_SERVER is not set.', {
    hint: 'Pass the AuthServerOptions as JSON, e.g. {"issuers":[{"id":"zoom","resources":[…]}]}.',
  });
}
const options = JSON.parse(raw) as AuthServerOptions;
const server = await startAuthServer(options);
const issuers = Object.fromEntries(options.issuers.map((i) => [i.id, server.issuer(i.id)]));
process.stdout.write(
  `${JSON.stringify({ ready: 'auth-server', origin: server.origin, issuers })}\n`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
