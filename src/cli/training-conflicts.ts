// Training options that would be silently ignored: refused with a reason
// instead, so that nobody believes an option took effect when it did not.
import type { ModelKind } from '../engine/choices.js';
import type { TrainingCliOptions } from './commands/training-options.js';

/** What may accompany --resume: the checkpoint's configuration, log and place win over everything else. */
const WITH_RESUME = new Set(['resume', 'backend', 'continueOnDivergence', 'json']);

const flag = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The first option that would be ignored, as a one-line reason; undefined when all take effect. */
export function ignoredOption(model: ModelKind | undefined, opts: TrainingCliOptions & { resume?: string }): string | undefined {
  if (opts.resume !== undefined) {
    const given = Object.entries(opts).find(([key, value]) => value !== undefined && !WITH_RESUME.has(key));
    if (given !== undefined) return `${flag(given[0])} cannot change a resumed run: --resume continues with the checkpoint's configuration (only --backend and --continue-on-divergence may change)`;
  }
  if (model === 'mlp' && opts.channels !== undefined) return '--channels sets the conv blocks of a cnn; an mlp has none (its layers are set by --hidden)';
  return undefined;
}
