import type { PrunerSpec } from '../../spec/pruner-specs.ts';
import type { Pruner } from '../pruner.ts';
import { createAshaPruner } from './asha.ts';
import { createMedianPruner } from './median.ts';

/** The pruner a spec names (its schema is in spec/pruner-specs.ts). */
export function createPruner(spec: PrunerSpec): Pruner {
  switch (spec.type) {
    case 'median':
      return createMedianPruner(spec);
    case 'asha':
      return createAshaPruner(spec);
  }
}
