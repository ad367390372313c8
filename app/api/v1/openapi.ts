import { z } from 'zod';
import * as s from './schemas.ts';

type Route = {
  method: 'get' | 'post';
  path: string;
  summary: string;
  body?: z.ZodType;
  /** The JSON answer's schema, or `binary` for an octet stream. */
  answer: z.ZodType | 'binary';
  status?: string;
  /** A query parameter: required unless `optional`. */
  query?: { name: string; optional?: boolean; description?: string };
};

/** Every v1 route, with the schemas its handler validates with. */
const ROUTES: Route[] = [
  { method: 'get', path: '/api/v1/studies', summary: 'The newest study of a name', query: { name: 'name' }, answer: s.studyAnswer },
  {
    method: 'post',
    path: '/api/v1/studies',
    summary: 'Create a study (200 with the same id for the same name and spec; 409 for another spec)',
    body: s.createStudyBody,
    answer: s.studyAnswer,
    status: '201',
  },
  {
    method: 'get',
    path: '/api/v1/builtin-studies',
    summary: 'The built-in studies a client (browser worker, agent) could train a trial of now',
    query: { name: 'worker', optional: true, description: 'The polling worker, shown as connected on the dashboard.' },
    answer: s.builtinStudiesAnswer,
  },
  {
    method: 'get',
    path: '/api/v1/studies/{id}',
    summary: 'The study and its spec, for a client about to train its trials',
    answer: s.studyInfoAnswer,
  },
  {
    method: 'get',
    path: '/api/v1/studies/{id}/data',
    summary: "A built-in study's prepared splits as float32 (the TBD1 format of docs/api.md), for clients that train it with the engine",
    answer: 'binary',
  },
  {
    method: 'post',
    path: '/api/v1/studies/{id}/ask',
    summary: 'The next trial to train, or done, or retry_after_s',
    body: s.askBody,
    answer: s.askAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/studies/{id}/trials',
    summary: "A trial with the client's own params (manual studies)",
    body: s.addTrialBody,
    answer: s.addTrialAnswer,
    status: '201',
  },
  {
    method: 'post',
    path: '/api/v1/trials/{id}/epochs',
    summary: "Report one epoch's metrics (from 1); the answer says continue, prune or stop",
    body: s.epochBody,
    answer: s.actionAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/trials/{id}/heartbeat',
    summary: "Keep the trial's lease; store its output tail; or hand it back",
    body: s.heartbeatBody,
    answer: s.actionAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/trials/{id}/finish',
    summary: 'End the trial: completed or failed (idempotent)',
    body: s.finishBody,
    answer: s.finishAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/trials/{id}/model',
    summary: "A built-in study's trained model and test scores, sent by the client that trained it, after its finish",
    body: s.modelBody,
    answer: s.modelAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/studies/{id}/annotations',
    summary: "Change a study's Markdown note and tags: note replaces, add and remove change the tags",
    body: s.annotationChangeBody,
    answer: s.annotationAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/trials/{id}/annotations',
    summary: "Change a trial's Markdown note and tags (a finished trial too)",
    body: s.annotationChangeBody,
    answer: s.annotationAnswer,
  },
];

const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
const json = (type: z.ZodType) => ({ content: { 'application/json': { schema: schema(type) } } });

/** The OpenAPI 3.1 document of the v1 API, generated from the same zod schemas the handlers validate with. */
export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ROUTES) {
    const parameters = [
      ...(route.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] : []),
      ...(route.query
        ? [
            {
              name: route.query.name,
              in: 'query',
              required: !route.query.optional,
              schema: { type: 'string' },
              ...(route.query.description && { description: route.query.description }),
            },
          ]
        : []),
    ];
    paths[route.path] ??= {};
    paths[route.path][route.method] = {
      summary: route.summary,
      ...(parameters.length && { parameters }),
      ...(route.body && { requestBody: { required: true, ...json(route.body) } }),
      responses: {
        [route.status ?? '200']: {
          description: 'OK',
          ...(route.answer === 'binary'
            ? { content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } }
            : json(route.answer)),
        },
        '4XX': { description: 'Refused: the error names the field ({path, message} issues); nothing is written', ...json(s.errorAnswer) },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tuneboard API',
      version: '1',
      description: 'Ask for trials, report epochs, finish: any training program as a trial. See docs/api.md.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'TUNEBOARD_TOKEN, when the server has one' } },
    },
    security: [{}, { bearer: [] }],
    paths,
  };
}
