import { fromBinary } from '@bufbuild/protobuf';
import type { Value } from '@bufbuild/protobuf/wkt';
import { EventSchema } from './gen/tensorboard/compat/proto/event_pb.ts';
import type { Summary_Value } from './gen/tensorboard/compat/proto/summary_pb.ts';
import type { TensorProto } from './gen/tensorboard/compat/proto/tensor_pb.ts';
import { DataType } from './gen/tensorboard/compat/proto/types_pb.ts';
import { Status } from './gen/tensorboard/plugins/hparams/api_pb.ts';
import { HParamsPluginDataSchema } from './gen/tensorboard/plugins/hparams/plugin_data_pb.ts';

export const HPARAMS_PLUGIN = 'hparams';
export const SESSION_START_TAG = '_hparams_/session_start_info';
export const SESSION_END_TAG = '_hparams_/session_end_info';
export const EXPERIMENT_TAG = '_hparams_/experiment';

export type HParamValue = string | number | boolean;
/** How a session ended, in TensorBoard's words (hparams api.proto `Status`). */
export type SessionStatus = 'success' | 'failure' | 'running' | 'unknown';

/** What Tuneboard reads of one event: its scalars and the HParams session's start and end. */
export type RunEvent =
  | { kind: 'scalar'; tag: string; step: number; wallTime: number; value: number }
  | { kind: 'sessionStart'; hparams: Record<string, HParamValue>; startTimeSecs: number }
  | { kind: 'sessionEnd'; status: SessionStatus; endTimeSecs: number };

/**
 * The scalars and HParams session events in one record's Event; other events (file version, graphs, images,
 * histograms) give none. Throws when the bytes are not an Event.
 */
export function decodeRunEvents(data: Uint8Array): RunEvent[] {
  const event = fromBinary(EventSchema, data);
  if (event.what.case !== 'summary') return [];
  const step = Number(event.step);
  const out: RunEvent[] = [];
  for (const value of event.what.value.value) {
    const hparams = value.metadata?.pluginData?.pluginName === HPARAMS_PLUGIN ? hparamsEvent(value) : null;
    if (hparams) {
      out.push(hparams);
      continue;
    }
    const scalar = scalarOf(value);
    if (scalar !== null) out.push({ kind: 'scalar', tag: value.tag, step, wallTime: event.wallTime, value: scalar });
  }
  return out;
}

function hparamsEvent(value: Summary_Value): RunEvent | null {
  const data = fromBinary(HParamsPluginDataSchema, value.metadata!.pluginData!.content);
  if (data.data.case === 'sessionStartInfo') {
    const info = data.data.value;
    const hparams: Record<string, HParamValue> = {};
    for (const [name, v] of Object.entries(info.hparams)) {
      const plain = plainValue(v);
      if (plain !== null) hparams[name] = plain;
    }
    return { kind: 'sessionStart', hparams, startTimeSecs: info.startTimeSecs };
  }
  if (data.data.case === 'sessionEndInfo') {
    return { kind: 'sessionEnd', status: statusName(data.data.value.status), endTimeSecs: data.data.value.endTimeSecs };
  }
  return null;
}

function plainValue(value: Value): HParamValue | null {
  const kind = value.kind;
  if (kind.case === 'numberValue' || kind.case === 'stringValue' || kind.case === 'boolValue') return kind.value;
  return null;
}

function statusName(status: Status): SessionStatus {
  if (status === Status.SUCCESS) return 'success';
  if (status === Status.FAILURE) return 'failure';
  if (status === Status.RUNNING) return 'running';
  return 'unknown';
}

/** A summary value's number: `simple_value` (TF1, tensorboardX) or a numeric scalar tensor (TF2, Keras). */
function scalarOf(value: Summary_Value): number | null {
  if (value.value.case === 'simpleValue') return value.value.value;
  if (value.value.case !== 'tensor') return null;
  const tensor = value.value.value;
  if ((tensor.tensorShape?.dim.length ?? 0) !== 0) return null;
  return tensorScalar(tensor);
}

function tensorScalar(tensor: TensorProto): number | null {
  const content = tensor.tensorContent;
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  switch (tensor.dtype) {
    case DataType.DT_FLOAT:
      return tensor.floatVal[0] ?? (content.length === 4 ? view.getFloat32(0, true) : null);
    case DataType.DT_DOUBLE:
      return tensor.doubleVal[0] ?? (content.length === 8 ? view.getFloat64(0, true) : null);
    case DataType.DT_INT32:
      return tensor.intVal[0] ?? (content.length === 4 ? view.getInt32(0, true) : null);
    case DataType.DT_INT64: {
      const v = tensor.int64Val[0] ?? (content.length === 8 ? view.getBigInt64(0, true) : null);
      return v === null ? null : Number(v);
    }
    default:
      return null;
  }
}
