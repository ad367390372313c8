// Piscina loads this plain-JS entry in each worker thread; it lets the thread import our TypeScript.
import { register } from 'tsx/esm/api';

register();
const { runTrial } = await import('./run-trial.ts');
export default runTrial;
