export { type DemoAgentConfig, readAgentConfig } from './config.js';
export { runScenario } from './scenario.js';
export { fingerprint, SecretRecorder } from './secrets.js';
export { Transcript } from './transcript.js';
export {
  connectWithOneReauthorization,
  WorkspaceAuthorizationError,
} from './workspace-authorization.js';
export {
  connectWorkspace,
  type HttpChallenge,
  type WorkspaceConnection,
} from './workspace-connection.js';
