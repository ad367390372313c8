/** Upper bound of a study's wall time: every trial trains all its epochs, `workers` trials at a time. */
export function estimateSeconds({ trials, epochs, secondsPerEpoch, workers }: { trials: number; epochs: number; secondsPerEpoch: number; workers: number }): number {
  return Math.ceil(trials / Math.max(1, workers)) * epochs * secondsPerEpoch;
}

export function formatEstimate(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
