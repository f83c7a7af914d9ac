export { type DemoHandle, type DemoOptions, type DemoUrls, startDemo } from './demo.js';
export { freeLoopbackPorts } from './ports.js';
export { DEMO_CLIENT_ID, demoIssuers, loadShippedManifests } from './providers.js';
