// Seeded random orders for benchmark rounds: a fresh order each round, so no
// scenario keeps a neighbour (the block or process before one colours it), and
// the same seed replays the same orders.

/** A shuffler whose orders follow from `seed` (mulberry32 as the generator, Fisher–Yates). */
export function seededShuffle(seed: number): <T>(items: readonly T[]) => T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
}
