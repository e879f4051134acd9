/** What smooth weighted round robin needs of a target. */
export interface Weighted {
  readonly weight: number;
  /** Balancer state, owned by {@link pickWeighted}. */
  currentWeight: number;
}

/**
 * Smooth weighted round robin (nginx's): each pick adds every candidate's weight to its
 * current weight, takes the largest, and subtracts the total from the winner. Weights 5,1,1
 * give a a b a c a a, spread out rather than in runs; skipped (unavailable) targets do
 * not accumulate, so a recovering target does not get a burst.
 */
export function pickWeighted<T extends Weighted>(
  targets: readonly T[],
  available: (target: T) => boolean,
  exclude: ReadonlySet<T> | null = null,
): T | null {
  let best: T | null = null;
  let total = 0;
  for (const target of targets) {
    if (exclude?.has(target) || !available(target)) continue;
    target.currentWeight += target.weight;
    total += target.weight;
    if (best === null || target.currentWeight > best.currentWeight) best = target;
  }
  if (best !== null) best.currentWeight -= total;
  return best;
}
