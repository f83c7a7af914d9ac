import type { InputRequiredSpec } from '../types.js';

/** Thrown by `requireInput`: the handler asks for input; the call ends with an input-required result. */
export class InputRequiredSignal {
  readonly spec: InputRequiredSpec;
  constructor(spec: InputRequiredSpec) {
    this.spec = spec;
  }
}
