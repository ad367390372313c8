/**
 * TensorBoard's debiased exponential moving average: `last = last·w + (1−w)·v`, divided by `1 − w^k` after
 * k finite values so the start is not pulled towards 0. Non-finite values pass through unsmoothed and do not
 * count; a constant series is returned as is.
 */
export function emaSmooth(values: (number | null)[], weight: number): (number | null)[] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (weight <= 0 || finite.every((v) => v === finite[0])) return values.slice();
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return weight === 1 ? last : last / (1 - weight ** count);
  });
}
