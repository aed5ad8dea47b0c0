/** @module What every source is (IMAP, Maildir, files, and the next one) and the two narrow ports it writes through. */

/** One message as a source hands it over; the capture commits it (and the cursor) in one transaction. */
export interface CaptureRequest {
  /** The source's name: also the key of its cursor. */
  source: string;
  /** Unique within the source (UIDVALIDITY:UID, Maildir name); null for files, which may be replayed on purpose. */
  sourceRef: string | null;
  raw: Buffer;
  /** The source's position after this message, opaque to everything but the source that wrote it. */
  cursor?: string;
}

/** The durability point, seen from a source (the runtime's capture satisfies it). */
export type CaptureSink = (req: CaptureRequest) => { inserted: boolean };

/** Where a source keeps its opaque position between runs (the cursors table). */
export interface CursorStore {
  get(source: string): string | null;
  set(source: string, value: string, at: Date): void;
}

export interface Source {
  /** Stable across restarts: it keys the cursor and is stored with every message captured from here. */
  readonly name: string;
  /** Captures what is new now and returns how many messages were new to the database. */
  runOnce(capture: CaptureSink): Promise<number>;
  /** Captures as mail arrives until the signal aborts; returns once it has stopped (in-flight capture finished). */
  run(signal: AbortSignal, capture: CaptureSink): Promise<void>;
}
