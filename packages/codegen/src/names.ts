/** Splits a manifest identifier (`zoom_listPast-meetings.v2`) into its words. */
function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `zoom_listPastMeetingParticipants` → `zoomListPastMeetingParticipants`. */
export function camelCase(name: string): string {
  const [first = 'tool', ...rest] = words(name);
  const joined = first.charAt(0).toLowerCase() + first.slice(1) + rest.map(upperFirst).join('');
  // An identifier cannot start with a digit.
  return /^[0-9]/.test(joined) ? `t${joined}` : joined;
}

/** `kitchen-sink` → `KitchenSink`. */
export function pascalCase(name: string): string {
  const joined = words(name).map(upperFirst).join('') || 'Unnamed';
  return /^[0-9]/.test(joined) ? `T${joined}` : joined;
}

/**
 * Hands out identifiers without collisions: the first claimant keeps the name,
 * later ones get 2, 3, … Callers claim in sorted order, so the result is
 * deterministic.
 */
export class NameRegistry {
  readonly #taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.#taken.add(name);
  }

  /** Claims `wanted`, or the first free `wanted<n>` for n ≥ 2. */
  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.#taken.has(name); n++) name = `${wanted}${n}`;
    this.#taken.add(name);
    return name;
  }
}
