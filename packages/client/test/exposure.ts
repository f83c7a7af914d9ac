// Every way an error reaches a person or a log: its message and stack, each
// cause down the chain, JSON.stringify and util.inspect (hidden properties
// too). A canary secret must appear in none of it.
import { inspect } from 'node:util';

function* chain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** All the text an error shows, through every channel above. */
export function exposedText(value: unknown): string {
  const parts: string[] = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })];
  for (const link of chain(value)) {
    if (link instanceof Error) parts.push(link.name, link.message, link.stack ?? '');
    else parts.push(String(link));
    try {
      parts.push(JSON.stringify(link) ?? '');
    } catch {
      // a cycle: inspect above has already rendered it
    }
  }
  return parts.join('\n');
}
