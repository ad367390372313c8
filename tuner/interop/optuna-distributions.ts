import { ImportError } from './import-error.ts';

/**
 * A param's value as the user chose it, from Optuna's internal float and its distribution's JSON
 * (optuna/distributions.py `distribution_to_json`, and the abbreviated `{"type": …}` form it also reads): a
 * categorical's choice by index, an int distribution's integer, a float as it is.
 */
export function paramValue(internal: number, distributionJson: string, where: string): unknown {
  let json: { name?: string; type?: string; attributes?: { choices?: unknown[] }; choices?: unknown[] };
  try {
    json = JSON.parse(distributionJson);
  } catch (error) {
    throw new ImportError(`${where}: distribution_json is not JSON (${(error as Error).message})`);
  }
  const kind = json.name ?? json.type ?? '';
  if (kind === 'CategoricalDistribution' || kind === 'categorical') {
    const choices = json.attributes?.choices ?? json.choices ?? [];
    if (!Number.isInteger(internal) || internal < 0 || internal >= choices.length)
      throw new ImportError(`${where}: choice index ${internal} is outside its ${choices.length} choices`);
    return choices[internal];
  }
  if (/^Int/.test(kind) || kind === 'int') return Math.round(internal);
  return internal;
}
