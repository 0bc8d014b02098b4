// A sink's at-least-once buffer on disk: append-only segment files (EMQX replayq's shape) and a commit file.
// Over 400 lines because the file format, the commit file and crash recovery must change together.
//
// A record is framed as [u32 payload length][u32 crc32 of time+payload][f64 time ms][payload: JSON, UTF-8].
// `append` is one synchronous `write` into the page cache (no fsync on the hot path): once it returns, a
// `kill -9` of the process cannot lose the record; a machine crash can lose what was written since the last
// fsync (`fsyncIntervalMs`, done off the event loop). Records leave only through `ack`, in order; a segment
// file is deleted once every record in it is acknowledged. The commit file holds two positions: how far the
// sink acknowledged, and how far records were handed to it — records between the two are replayed after a
// restart and counted as `redelivered` (they may have arrived already). A torn or corrupt tail (a crash in
// the middle of a write) fails its length or checksum and is cut at open, with a warning, never a crash.
import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "node:zlib";
import type { Logger } from "../logger.js";
import { DirLock } from "./dir-lock.js";
import { errorText } from "./errors.js";

const HEADER_BYTES = 16;
/** Larger than any record an event can make; a length beyond it is corruption, not a record. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;
const COMMIT_FILE = "commit";
const COMMIT_BYTES = 36;
const SEGMENT_SUFFIX = ".seg";

export interface DiskBufferOptions {
  dir: string;
  /** Bytes of segment files, at most (acknowledged bytes of the oldest segment included until it goes). */
  maxBytes: number;
  /** Segment file size; default an eighth of `maxBytes` (1 KiB to 64 MiB): the unit `drop-oldest` drops. */
  segmentBytes?: number;
  /** How often written data is fsynced, ms; 0 leaves it to the OS (Linux writes dirty pages back within ~30 s). */
  fsyncIntervalMs: number;
  /** Records older than this (ms since the hook call) are not delivered; counted as expired. 0 = no limit. */
  ttlMs: number;
  logger: Logger;
}

/** A record read back for delivery. */
export interface BufferedRecord {
  record: unknown;
  /** When the hook call came (ms since the epoch). */
  time: number;
  /** Handed to the sink before a restart and not acknowledged then: it may have arrived already. */
  redelivered: boolean;
}

/** What the last `read` skipped because it could not be delivered. */
export interface ReadResult {
  records: BufferedRecord[];
  expired: number;
  corrupt: number;
}

interface Segment {
  id: number;
  file: string;
  bytes: number;
  /** Records from the read position of this segment on (all of them for a segment not read yet). */
  unread: number;
  writeFd: number | undefined;
}

interface Position {
  segment: number;
  offset: number;
}

interface Unacked {
  segment: number;
  end: number;
  /** Skipped by `read` (expired, corrupt): acknowledged along with the records around it. */
  skipped: boolean;
}

export class DiskBuffer {
  readonly dir: string;
  readonly #maxBytes: number;
  readonly #segmentBytes: number;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  readonly #segments: Segment[] = [];
  #bytes = 0;
  #length = 0;
  #read: Position;
  #acked: Position;
  /** Records before this were handed to the sink in an earlier run (from the commit file). */
  readonly #sentBefore: Position;
  #sent: Position;
  readonly #unacked: Unacked[] = [];
  /** Entries of `#unacked` that were handed out (not skipped). */
  #inFlight = 0;
  #commitFd: number;
  #readFd: { segment: number; fd: number } | undefined;
  #scratch = Buffer.allocUnsafe(4096);
  readonly #header = Buffer.allocUnsafe(HEADER_BYTES);
  #fsyncTimer: NodeJS.Timeout | undefined;
  #syncing = false;
  /** Segments rotated out whose data is not fsynced yet: synced and closed by the timer. */
  #toSync: number[] = [];
  #closed = false;
  readonly #lock: DirLock;
  /** Segment ids only grow, so positions of an earlier run compare correctly with new ones. */
  #nextId = 1;
  /** Records found at open (not yet acknowledged by an earlier run). */
  readonly replayed: number;
  /** Bytes cut from torn or corrupt segment tails at open. */
  readonly truncatedBytes: number;

  constructor(options: DiskBufferOptions) {
    this.dir = options.dir;
    this.#maxBytes = options.maxBytes;
    this.#segmentBytes =
      options.segmentBytes ?? Math.min(64 * 1024 * 1024, Math.max(1024, Math.floor(options.maxBytes / 8)));
    this.#ttlMs = options.ttlMs;
    this.#logger = options.logger;
    fs.mkdirSync(this.dir, { recursive: true });
    this.#lock = DirLock.acquire(this.dir, this.#logger);
    try {
      const commitPath = path.join(this.dir, COMMIT_FILE);
      const commit = readCommit(commitPath);
      this.#commitFd = fs.openSync(commitPath, fs.existsSync(commitPath) ? "r+" : "w+");
      const ids = fs
        .readdirSync(this.dir)
        .filter((f) => /^\d{12}\.seg$/.test(f))
        .map((f) => Number(f.slice(0, 12)))
        .sort((a, b) => a - b);
      let acked: Position = commit?.acked ?? { segment: ids[0] ?? 1, offset: 0 };
      for (const id of ids) {
        const file = this.#segmentPath(id);
        if (id < acked.segment) {
          fs.rmSync(file, { force: true }); // fully acknowledged; a crash came before its delete
          continue;
        }
        this.#segments.push({ id, file, bytes: fs.statSync(file).size, unread: 0, writeFd: undefined });
      }
      const first = this.#segments[0];
      if (first === undefined || first.id > acked.segment)
        acked = { segment: first?.id ?? acked.segment, offset: 0 };
      let truncated = 0;
      for (const segment of this.#segments) {
        const from = segment.id === acked.segment ? Math.min(acked.offset, segment.bytes) : 0;
        const scan = this.#scan(segment, from);
        segment.unread = scan.records;
        this.#length += scan.records;
        if (scan.validEnd < segment.bytes) {
          truncated += segment.bytes - scan.validEnd;
          this.#logger.warn(
            {
              dir: this.dir,
              segment: segment.file,
              cutBytes: segment.bytes - scan.validEnd,
              at: scan.validEnd,
            },
            "disk buffer: cut a torn or corrupt record tail (a crash during a write)",
          );
          fs.truncateSync(segment.file, scan.validEnd);
          segment.bytes = scan.validEnd;
        }
        this.#bytes += segment.bytes;
      }
      if (first !== undefined && acked.segment === first.id)
        acked.offset = Math.min(acked.offset, first.bytes);
      this.#acked = acked;
      this.#read = { ...acked };
      this.#sentBefore = commit?.sent ?? acked;
      this.#sent = before(this.#sentBefore, acked) ? acked : this.#sentBefore;
      this.replayed = this.#length;
      this.truncatedBytes = truncated;
      if (this.#segments.length === 0) this.#addSegment(acked.segment);
    } catch (error) {
      this.#lock.release();
      throw error;
    }
    if (options.fsyncIntervalMs > 0) {
      this.#fsyncTimer = setInterval(() => this.#fsync(), options.fsyncIntervalMs);
      this.#fsyncTimer.unref();
    }
  }

  /** Records not acknowledged (those being delivered included). */
  get length(): number {
    return this.#length;
  }

  /** Bytes of segment files. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Records read and not acknowledged yet. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Hot path: frames the record and writes it with one synchronous write (page cache, no fsync).
   * `full` when it does not fit in `maxBytes` (the caller applies its overflow policy); `failed` when the
   * write failed (logged; e.g. the disk is full) or the buffer is closed.
   */
  append(json: string, time: number): "ok" | "full" | "failed" {
    if (this.#closed) return "failed";
    const size = HEADER_BYTES + Buffer.byteLength(json);
    if (this.#bytes + size > this.#maxBytes) return "full";
    if (this.#scratch.length < size)
      this.#scratch = Buffer.allocUnsafe(Math.max(size, this.#scratch.length * 2));
    const buf = this.#scratch;
    buf.writeDoubleLE(time, 8);
    buf.write(json, HEADER_BYTES, "utf8");
    buf.writeUInt32LE(size - HEADER_BYTES, 0);
    buf.writeUInt32LE(crc32(buf.subarray(8, size)), 4);
    let segment = this.#segments[this.#segments.length - 1]!;
    if (segment.bytes > 0 && segment.bytes + size > this.#segmentBytes) segment = this.#rotate(segment);
    try {
      const fd = this.#writeFd(segment);
      const written = fs.writeSync(fd, buf, 0, size, segment.bytes);
      if (written !== size) {
        // A short write (disk full): what was written is a torn record; cut it so the next append is clean.
        fs.ftruncateSync(fd, segment.bytes);
        throw new Error(`short write: ${written} of ${size} bytes`);
      }
    } catch (error) {
      this.#logger.error({ dir: this.dir, err: errorText(error) }, "disk buffer: append failed");
      return "failed";
    }
    segment.bytes += size;
    segment.unread++;
    this.#bytes += size;
    this.#length++;
    return "ok";
  }

  /**
   * Reads up to `max` records after those already read; skips (and counts) expired and unreadable ones.
   * They stay in the buffer until `ack`. Records the sink had before a restart come back with `redelivered`.
   */
  read(max: number): ReadResult {
    const out: ReadResult = { records: [], expired: 0, corrupt: 0 };
    const now = Date.now();
    while (out.records.length < max && this.#length > this.#unacked.length) {
      const segment = this.#segmentOf(this.#read.segment);
      if (segment === undefined) break;
      if (this.#read.offset >= segment.bytes) {
        const next = this.#segments[this.#segments.indexOf(segment) + 1];
        if (next === undefined) break;
        this.#read = { segment: next.id, offset: 0 };
        continue;
      }
      const at = this.#read.offset;
      const frame = this.#readFrame(segment, at);
      const end = frame === undefined ? segment.bytes : at + HEADER_BYTES + frame.length;
      this.#read = { segment: segment.id, offset: end };
      if (frame === undefined) {
        // Cannot happen for a file this buffer wrote and checked at open; the rest of the segment is lost,
        // counted, never thrown.
        const lost = Math.max(segment.unread, 1);
        segment.unread = 0;
        this.#length -= lost - 1;
        out.corrupt += lost;
        this.#unacked.push({ segment: segment.id, end, skipped: true });
        continue;
      }
      segment.unread--;
      let record: unknown;
      try {
        record = JSON.parse(frame.json);
      } catch {
        out.corrupt++;
        this.#unacked.push({ segment: segment.id, end, skipped: true });
        continue;
      }
      if (this.#ttlMs > 0 && now - frame.time > this.#ttlMs) {
        out.expired++;
        this.#unacked.push({ segment: segment.id, end, skipped: true });
        continue;
      }
      const redelivered = before({ segment: segment.id, offset: at }, this.#sentBefore);
      this.#unacked.push({ segment: segment.id, end, skipped: false });
      this.#inFlight++;
      out.records.push({ record, time: frame.time, redelivered });
    }
    if (before(this.#sent, this.#read)) {
      this.#sent = { ...this.#read };
      this.#writeCommit();
    }
    // Skipped records with nothing read before them are done with now.
    if (out.records.length === 0) this.ack(0);
    return out;
  }

  /** The first `n` records read (and the skipped ones among and right after them) leave the buffer. */
  ack(n: number): void {
    let left = n;
    let last: Unacked | undefined;
    while (this.#unacked.length > 0) {
      const head = this.#unacked[0]!;
      if (!head.skipped) {
        if (left === 0) break;
        left--;
        this.#inFlight--;
      }
      last = this.#unacked.shift();
      this.#length--;
    }
    if (last === undefined) return;
    this.#acked = { segment: last.segment, offset: last.end };
    // Segments wholly behind the acknowledged position go (never the one being written).
    while (this.#segments.length > 1) {
      const head = this.#segments[0]!;
      const done =
        head.id < this.#acked.segment ||
        (head.id === this.#acked.segment && this.#acked.offset >= head.bytes);
      if (!done) break;
      this.#removeSegment(0);
    }
    this.#writeCommit();
  }

  /** Read records not acknowledged will be read again (the sink was swapped; its batch goes to the new one). */
  rewind(): void {
    this.#read = { ...this.#acked };
    for (const u of this.#unacked) {
      const segment = this.#segmentOf(u.segment);
      if (segment !== undefined) segment.unread++;
    }
    this.#unacked.length = 0;
    this.#inFlight = 0;
  }

  /**
   * Makes room by dropping the oldest whole segment that is neither being delivered nor written
   * (`drop-oldest`); returns how many records went, 0 when none can go (the caller drops the new record).
   */
  dropOldestSegment(): number {
    const reading = this.#segments.findIndex((s) => s.id === this.#read.segment);
    if (reading < 0) return 0;
    // With records in flight, their segment stays and the next one (wholly unread) is the oldest that can go.
    const index = this.#unacked.length === 0 ? reading : reading + 1;
    if (index >= this.#segments.length - 1) return 0;
    const segment = this.#segments[index]!;
    const dropped = segment.unread;
    this.#length -= dropped;
    this.#removeSegment(index);
    this.#writeCommit();
    return dropped;
  }

  /** Drops every record not being delivered (a disabled sink); returns how many went. */
  clear(): number {
    const reading = this.#segments.findIndex((s) => s.id === this.#read.segment);
    if (reading < 0) return 0;
    let dropped = 0;
    for (let i = this.#segments.length - 1; i > reading; i--) {
      dropped += this.#segments[i]!.unread;
      this.#removeSegment(i);
    }
    const segment = this.#segments[reading]!;
    dropped += segment.unread;
    segment.unread = 0;
    if (segment.bytes > this.#read.offset) {
      fs.truncateSync(segment.file, this.#read.offset);
      this.#bytes -= segment.bytes - this.#read.offset;
      segment.bytes = this.#read.offset;
    }
    this.#length -= dropped;
    return dropped;
  }

  /**
   * Lets the buffer go as a killed process does: files closed as they are, no commit position written, the
   * LOCK file left behind (the next owner finds its holder gone). Tests simulate a kill with it.
   */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#fsyncTimer);
    for (const segment of this.#segments) {
      if (segment.writeFd !== undefined) closeQuietly(segment.writeFd, false);
      segment.writeFd = undefined;
    }
    for (const fd of this.#toSync) closeQuietly(fd, false);
    this.#toSync = [];
    if (this.#readFd !== undefined) closeQuietly(this.#readFd.fd, false);
    this.#readFd = undefined;
    closeQuietly(this.#commitFd, false);
    this.#lock.abandon();
  }

  /** Writes the commit position, fsyncs what is written and closes the files. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#fsyncTimer);
    this.#writeCommit();
    for (const segment of this.#segments) {
      if (segment.writeFd !== undefined) closeQuietly(segment.writeFd, true);
      segment.writeFd = undefined;
    }
    for (const fd of this.#toSync) closeQuietly(fd, true);
    this.#toSync = [];
    if (this.#readFd !== undefined) closeQuietly(this.#readFd.fd, false);
    this.#readFd = undefined;
    closeQuietly(this.#commitFd, true);
    this.#lock.release();
  }

  #segmentPath(id: number): string {
    return path.join(this.dir, `${String(id).padStart(12, "0")}${SEGMENT_SUFFIX}`);
  }

  #segmentOf(id: number): Segment | undefined {
    for (const s of this.#segments) if (s.id === id) return s;
    return undefined;
  }

  #addSegment(id: number): Segment {
    this.#nextId = Math.max(this.#nextId, id + 1);
    const segment: Segment = { id, file: this.#segmentPath(id), bytes: 0, unread: 0, writeFd: undefined };
    this.#segments.push(segment);
    return segment;
  }

  #rotate(current: Segment): Segment {
    if (current.writeFd !== undefined) {
      if (this.#fsyncTimer !== undefined) this.#toSync.push(current.writeFd);
      else closeQuietly(current.writeFd, false);
      current.writeFd = undefined;
    }
    return this.#addSegment(this.#nextId);
  }

  #writeFd(segment: Segment): number {
    segment.writeFd ??= fs.openSync(segment.file, fs.existsSync(segment.file) ? "r+" : "w+");
    return segment.writeFd;
  }

  #removeSegment(index: number): void {
    const [segment] = this.#segments.splice(index, 1);
    if (segment === undefined) return;
    if (segment.writeFd !== undefined) closeQuietly(segment.writeFd, false);
    if (this.#readFd?.segment === segment.id) {
      closeQuietly(this.#readFd.fd, false);
      this.#readFd = undefined;
    }
    this.#bytes -= segment.bytes;
    fs.rmSync(segment.file, { force: true });
    if (this.#segments.length === 0) this.#addSegment(this.#nextId);
    // Positions in the removed segment move to the start of the one after it.
    const next = this.#segments[index] ?? this.#segments[this.#segments.length - 1]!;
    if (this.#read.segment === segment.id) this.#read = { segment: next.id, offset: 0 };
    if (this.#acked.segment === segment.id) this.#acked = { segment: next.id, offset: 0 };
  }

  #readFrame(segment: Segment, at: number): { length: number; time: number; json: string } | undefined {
    if (this.#readFd?.segment !== segment.id) {
      if (this.#readFd !== undefined) closeQuietly(this.#readFd.fd, false);
      this.#readFd = { segment: segment.id, fd: fs.openSync(segment.file, "r") };
    }
    return readFrameAt(this.#readFd.fd, at, segment.bytes, this.#header, (n) => {
      if (this.#scratchRead.length < n) this.#scratchRead = Buffer.allocUnsafe(n);
      return this.#scratchRead;
    });
  }

  #scratchRead = Buffer.allocUnsafe(4096);

  /** Counts the valid records of a segment from `from`; `validEnd` is where the first bad one starts. */
  #scan(segment: Segment, from: number): { records: number; validEnd: number } {
    const fd = fs.openSync(segment.file, "r");
    try {
      let at = from;
      let records = 0;
      for (;;) {
        const frame = readFrameAt(fd, at, segment.bytes, this.#header, (n) => {
          if (this.#scratchRead.length < n) this.#scratchRead = Buffer.allocUnsafe(n);
          return this.#scratchRead;
        });
        if (frame === undefined) return { records, validEnd: at };
        at += HEADER_BYTES + frame.length;
        records++;
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  #writeCommit(): void {
    if (this.#closed && this.#commitFd < 0) return;
    const buf = Buffer.allocUnsafe(COMMIT_BYTES);
    buf.writeDoubleLE(this.#acked.segment, 0);
    buf.writeDoubleLE(this.#acked.offset, 8);
    buf.writeDoubleLE(this.#sent.segment, 16);
    buf.writeDoubleLE(this.#sent.offset, 24);
    buf.writeUInt32LE(crc32(buf.subarray(0, 32)), 32);
    try {
      // One small write at offset 0: a process crash leaves it whole; a torn one fails its checksum and the
      // buffer then replays from its oldest segment (duplicates, never gaps).
      fs.writeSync(this.#commitFd, buf, 0, COMMIT_BYTES, 0);
    } catch (error) {
      this.#logger.error({ dir: this.dir, err: errorText(error) }, "disk buffer: commit write failed");
    }
  }

  /** Off the event loop: fdatasync the segment being written, rotated ones, and the commit file. */
  #fsync(): void {
    if (this.#syncing || this.#closed) return;
    this.#syncing = true;
    const rotated = this.#toSync;
    this.#toSync = [];
    const tail = this.#segments[this.#segments.length - 1]?.writeFd;
    const fds = [...rotated, this.#commitFd, ...(tail === undefined ? [] : [tail])];
    let left = fds.length;
    const done = (): void => {
      if (--left > 0) return;
      for (const fd of rotated) fs.close(fd, ignore);
      this.#syncing = false;
    };
    for (const fd of fds) fs.fdatasync(fd, done);
  }
}

function readFrameAt(
  fd: number,
  at: number,
  end: number,
  header: Buffer,
  scratch: (n: number) => Buffer,
): { length: number; time: number; json: string } | undefined {
  if (end - at < HEADER_BYTES) return undefined;
  if (fs.readSync(fd, header, 0, HEADER_BYTES, at) !== HEADER_BYTES) return undefined;
  const length = header.readUInt32LE(0);
  if (length === 0 || length > MAX_RECORD_BYTES || at + HEADER_BYTES + length > end) return undefined;
  const buf = scratch(length + 8);
  header.copy(buf, 0, 8, 16);
  if (fs.readSync(fd, buf, 8, length, at + HEADER_BYTES) !== length) return undefined;
  if (crc32(buf.subarray(0, length + 8)) !== header.readUInt32LE(4)) return undefined;
  return { length, time: header.readDoubleLE(8), json: buf.toString("utf8", 8, 8 + length) };
}

function readCommit(file: string): { acked: Position; sent: Position } | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length < COMMIT_BYTES || crc32(buf.subarray(0, 32)) !== buf.readUInt32LE(32)) return undefined;
  return {
    acked: { segment: buf.readDoubleLE(0), offset: buf.readDoubleLE(8) },
    sent: { segment: buf.readDoubleLE(16), offset: buf.readDoubleLE(24) },
  };
}

function before(a: Position, b: Position): boolean {
  return a.segment < b.segment || (a.segment === b.segment && a.offset < b.offset);
}

function closeQuietly(fd: number, sync: boolean): void {
  try {
    if (sync) fs.fdatasyncSync(fd);
  } catch {
    // closing anyway
  }
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
}

function ignore(): void {}
