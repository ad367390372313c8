/** Models train in float32, whose largest value is about 3.4028235e38: past it a double becomes ±Infinity. */
export function overflowsFloat32(value: number): boolean {
  return Number.isFinite(value) && !Number.isFinite(Math.fround(value));
}

/** Why such a value is refused, for the end of a message that names where it is. */
export const OUTSIDE_FLOAT32 = 'outside the ±3.4e38 range of the 32-bit floats that models train with';
