#!/usr/bin/env node
/** Runs the demo scenario against running servers (configured by `pnpm demo`) and prints the transcript. */
import { readAgentConfig } from './config.js';
import { runScenario } from './scenario.js';
import { Transcript } from './transcript.js';

await runScenario(readAgentConfig(), new Transcript());
