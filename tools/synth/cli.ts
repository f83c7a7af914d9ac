// Usage: node --import tsx tools/synth/cli.ts <dir> [toolsets=20] [toolsPerToolset=50]
// Writes the manifests and openapi.json into <dir>.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { syntheticOpenApi, writeSyntheticManifests } from './synth.js';

const [dirArg = '.tmp/synth', setsArg = '20', toolsArg = '50'] = process.argv.slice(2);
const dir = resolve(dirArg);
const size = { toolsets: Number(setsArg), toolsPerToolset: Number(toolsArg) };
const files = await writeSyntheticManifests(join(dir, 'manifests'), size);
await writeFile(join(dir, 'openapi.json'), JSON.stringify(syntheticOpenApi(size), null, 2));
console.log(`${files.length} manifests, ${size.toolsets * size.toolsPerToolset} tools → ${dir}`);
