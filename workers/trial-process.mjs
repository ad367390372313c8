// Entry of a trial child process (native TensorFlow backends: their addon misbehaves in several worker
// threads of one process, so each trial slot is a process). Lets Node import our TypeScript, then serves.
import { register } from 'tsx/esm/api';

register();
await import('./serve-trial-process.ts');
