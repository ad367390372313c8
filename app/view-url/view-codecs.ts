import { z } from 'zod';

/**
 * How each part of a study page's view is written in its query string, and read back. Reading never throws: a
 * hand-edited or outdated link drops what it cannot read and shows the default instead. Writing the default gives
 * null (the parameter is left out), so an untouched view keeps a clean URL.
 */
export interface QueryCodec<T> {
  parse(raw: string | null): T;
  format(value: T): string | null;
}

/** A list as URL text: items joined by commas, a comma (and `%`) inside an item escaped as URL text. */
export function listParam(items: readonly string[]): string {
  return items.map((s) => s.replaceAll('%', '%25').replaceAll(',', '%2C')).join(',');
}

export function parseListParam(text: string | null): string[] {
  if (!text) return [];
  return text.split(',').flatMap((part) => {
    try {
      return [decodeURIComponent(part)];
    } catch {
      return [];
    }
  });
}

export function choiceCodec<T extends string>(values: readonly T[], fallback: T): QueryCodec<T> {
  return {
    parse: (raw) => ((values as readonly string[]).includes(raw ?? '') ? (raw as T) : fallback),
    format: (value) => (value === fallback ? null : value),
  };
}

export const flagCodec: QueryCodec<boolean> = { parse: (raw) => raw === '1', format: (on) => (on ? '1' : null) };

/** A number in [min, max], kept to 2 decimals; the default is left out. */
export function numberCodec(min: number, max: number, fallback: number): QueryCodec<number> {
  return {
    parse: (raw) => {
      const n = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
      return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
    },
    format: (n) => (n === fallback ? null : String(Number(n.toFixed(2)))),
  };
}

/** Trial ids (the selection), distinct, in the order chosen. */
export const idListCodec: QueryCodec<number[]> = {
  parse: (raw) =>
    [
      ...new Set(
        (raw ?? '')
          .split(',')
          .filter((s) => /^\d{1,15}$/.test(s))
          .map(Number),
      ),
    ].filter((n) => n > 0),
  format: (ids) => (ids.length ? ids.join(',') : null),
};

const filterValue = z.union([
  z.strictObject({ min: z.number().optional(), max: z.number().optional() }),
  z.strictObject({ in: z.array(z.union([z.string(), z.number(), z.boolean()])) }),
  z.string(),
]);
const filterList = z.array(z.strictObject({ id: z.string().min(1), value: filterValue })).max(200);

/** Column filters as JSON (their values are numbers, sets and text, each kept as it is typed). */
export const filtersCodec: QueryCodec<z.output<typeof filterList>> = {
  parse: (raw) => {
    if (!raw) return [];
    try {
      const parsed = filterList.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  },
  format: (filters) => (filters.length ? JSON.stringify(filters) : null),
};
