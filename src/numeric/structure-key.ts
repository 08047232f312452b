// A key equal for two bound expressions exactly when they compute the same
// value: the same structure, reading the same free slots. The slots a node
// binds (a sum's `slots`) are numbered in order of appearance, so that two
// copies of `sum(k, exp(X[s,k]))` written with different summed indices match.

const keys = new WeakMap<object, string>();

export function structureKey(e: object): string {
  let key = keys.get(e);
  if (key !== undefined) return key;
  const bound = new Map<number, string>();
  key = JSON.stringify(e, (field: string, value: unknown) => {
    if (field === 'slots' && Array.isArray(value)) {
      return value.map((slot: number) => {
        if (!bound.has(slot)) bound.set(slot, `b${bound.size}`);
        return bound.get(slot);
      });
    }
    if (field === 'slot' && typeof value === 'number') return bound.get(value) ?? value;
    return value;
  });
  keys.set(e, key);
  return key;
}
