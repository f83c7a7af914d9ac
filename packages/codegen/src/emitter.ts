// The output types live in ./types.js with the config and plan types they refer to.
export type { Emitter, GeneratedFile } from './types.js';
