#!/usr/bin/env node
/**
 * Runs the demo APIs as a process: configuration (with the department keys)
 * comes in TOOLSCOPE_DEMO_SERVICES as JSON, one JSON line on stdout says where
 * they listen, SIGTERM/SIGINT stops them.
 */
import { ToolscopeError } from '@toolscope/core';
import { type DemoServicesConfig, startDemoServices } from './services.js';

const raw = process.env['TOOLSCOPE_DEMO_SERVICES'];
if (raw === undefined) {
  throw new ToolscopeError('CONFIG_INVALID', 'TOOLSCOPE_DEMO_SERVICES is not set.', {
    hint: 'Start the demo with `pnpm demo`, which sets it.',
  });
}
const services = await startDemoServices(JSON.parse(raw) as DemoServicesConfig);
process.stdout.write(
  `${JSON.stringify({ ready: 'demo-services', meetings: services.meetings, crm: services.crm, orders: services.orders })}\n`,
);
const stop = () => void services.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
