import { z } from 'zod';
import type { Pruner } from '../pruner.ts';
import { ashaPrunerSchema, createAshaPruner } from './asha.ts';
import { createMedianPruner, medianPrunerSchema } from './median.ts';

/** Every pruner's spec; a new pruner adds its schema here and its factory below. */
export const prunerSpecSchema = z.discriminatedUnion('type', [medianPrunerSchema, ashaPrunerSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be one of median, asha' : undefined),
});

export type PrunerSpec = z.infer<typeof prunerSpecSchema>;

export function createPruner(spec: PrunerSpec): Pruner {
  switch (spec.type) {
    case 'median':
      return createMedianPruner(spec);
    case 'asha':
      return createAshaPruner(spec);
  }
}
