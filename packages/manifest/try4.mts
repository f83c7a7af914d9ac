import { readdirSync } from 'node:fs';
import { loadManifests } from './src/index.ts';

for (const dir of ['invalid', 'warning']) {
  for (const name of readdirSync(`test/fixtures/${dir}`).sort()) {
    const r = await loadManifests(`test/fixtures/${dir}/${name}`, { cwd: process.cwd() });
    const d = r.diagnostics;
    console.log(
      name,
      d.length,
      JSON.stringify(
        d.map(({ code, line, column, pointer, message, hint, severity }) => ({
          code,
          line,
          column,
          pointer,
          message,
          hint,
          severity,
        })),
      ),
    );
  }
}
