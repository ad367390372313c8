/** Tuneboard's client for Node (`import { Study, Trial } from 'tuneboard/client'`): the v1 HTTP API's ask, report, finish. */
export { ServerUnavailable, TuneboardError } from './connection.ts';
export { Study, type StudyInfo } from './study.ts';
export { Trial, type TrialAction, type TrialInfo } from './trial.ts';
