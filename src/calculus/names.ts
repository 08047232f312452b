// Index names in the symbolic engine: each name runs over one dimension, and
// fresh names (for renamed bound indices) keep the dimension of the name they
// replace. A name never denotes two different ranges.
import type { Dim } from '../notation/shapes.js';

export class IndexNames {
  private readonly dims = new Map<string, Dim>();

  /** An independent copy: names claimed in it leave this one unchanged. */
  copy(): IndexNames {
    const c = new IndexNames();
    for (const [name, dim] of this.dims) c.dims.set(name, dim);
    return c;
  }

  dim(name: string): Dim | undefined {
    return this.dims.get(name);
  }

  /** Records that `name` runs over `dim`; false if it already runs over another. */
  claim(name: string, dim: Dim): boolean {
    const known = this.dims.get(name);
    if (known !== undefined) return known === dim;
    this.dims.set(name, dim);
    return true;
  }

  /** A name not used yet, like `like` (s -> s1, s2, ...), over the same dimension as `like`. */
  fresh = (like: string): string => {
    const stem = like.replace(/\d+$/, '');
    let k = 1;
    while (this.dims.has(`${stem}${k}`)) k++;
    const name = `${stem}${k}`;
    const dim = this.dims.get(like);
    if (dim !== undefined) this.dims.set(name, dim);
    else this.dims.set(name, '?');
    return name;
  };

  /** `preferred` if it is free or already runs over `dim`, else a fresh name over `dim`. */
  nameFor(preferred: string, dim: Dim): string {
    if (this.claim(preferred, dim)) return preferred;
    const name = this.fresh(preferred);
    this.dims.set(name, dim);
    return name;
  }
}
