/**
 * The conformance server: the manifest's tools on toolscope's v2 runtime, plus
 * resources, prompts and completions on the plain SDK.
 */

export { type ConformanceHttpHandle, serveConformance } from './http.js';
export { registerStatelessProbes, STATELESS_PROBES } from './probes.js';
export { conformanceServerFactory } from './server.js';
