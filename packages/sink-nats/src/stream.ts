// createStream: the stream is made when missing, and checked (never changed) when it is there.
import { SinkError } from "@exhook/core/sink";
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import { filterCovers } from "./subject.js";

const nanosPerMs = 1_000_000;
/** JetStream's error code for "stream name already in use" (two sinks creating the same stream at once). */
const streamNameExist = 10058;

export interface StreamPlan {
  name: string;
  subjects: readonly string[];
  duplicateWindowMs: number;
}

/** Creates the stream, or checks that the existing one takes `subjects`. Throws a fatal SinkError if not. */
export async function ensureStream(jsm: JetStreamManager, plan: StreamPlan): Promise<"created" | "exists"> {
  let info = await streamInfo(jsm, plan.name);
  if (info === undefined) {
    try {
      await jsm.streams.add({
        name: plan.name,
        subjects: [...plan.subjects],
        duplicate_window: plan.duplicateWindowMs * nanosPerMs,
      });
      return "created";
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === streamNameExist)) throw error;
      info = await streamInfo(jsm, plan.name);
      if (info === undefined) throw error;
    }
  }
  const has = info.config.subjects ?? [];
  const missing = plan.subjects.filter((wanted) => !has.some((s) => filterCovers(s, wanted)));
  if (missing.length > 0) {
    // Changing a stream someone else may own is not this sink's call: say what to do instead.
    throw new SinkError(
      `stream "${plan.name}" exists with subjects ${JSON.stringify(has)}, which do not take ${JSON.stringify(missing)}: add them to the stream, or set streamSubjects/subject to match it`,
      { retryable: false },
    );
  }
  return "exists";
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}
