export { createPkcePair, type HeadlessLogin, loginHeadless } from './headless.js';
export { TEST_CLIENT_ID, TEST_REDIRECT_URI } from './issuers.js';
export { DEFAULT_USERS, startAuthServer } from './server.js';
export type {
  AuthServerHandle,
  AuthServerOptions,
  ClientOptions,
  GrantLogEntry,
  IssuerOptions,
  IssueTokenRequest,
  ResourceOptions,
  TokenResponse,
} from './types.js';
