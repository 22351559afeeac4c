/**
 * @luaModule pipe
 * @kconfig PIPE
 *
 * A port of NodeMCU dev-esp32's `pipe` module (docs/modules/pipe.md): a FIFO of
 * bytes passed from one Lua task to another, kept in chunks of 256 bytes
 * (NodeMCU's LUAL_BUFFERSIZE), read back whole, by size or up to a delimiter,
 * with an optional reader callback run through the task queue after writes.
 *
 * Where upstream's pipe.c does not do what pipe.md says, this port follows
 * pipe.md:
 * - `read()` and `reader()` without an argument split at "\n" and keep it
 *   ("\n+", as documented); pipe.c drops the "\n".
 * - A reader callback returning nil is reposted only when the pipe was written
 *   to during its call (documented: "repost if a pipe write has occurred since
 *   the last call"); pipe.c tests the write flag it was posted with, so such a
 *   callback is reposted for ever.
 * Kept from pipe.c where pipe.md says nothing: a callback returning true is not
 * reposted once the pipe is empty. Where pipe.md says "any input string",
 * write() and unread() raise "string expected" for a value that is neither a
 * string nor a number; pipe.c silently writes nothing.
 * Also different, unseen by pipe.md: the pipe is a userdata (pipe.c's is a
 * table), so the undocumented `#p[i]` and `p[i]` debugging views are absent;
 * read() and reader()'s iterator push their pieces as pipe.c does, joined every
 * 16 so a long read stays within the Lua stack (pipe.c pushes them all).
 *
 * Here the chunks are C memory owned by the pipe object (a list, freed by
 * `__gc`), not userdata in a Lua table.
 */
import { free, malloc } from "../decl/libc";
import { lua_concat, lua_gettop, lua_pushlstring, lua_pushnil } from "./decl/lua";

/** bytes per chunk: NodeMCU's LUAL_BUFFERSIZE */
const CHUNK: int = 256;

/** take()'s code for "\n+", what read() reads without an argument (pipe.md) */
const DEFAULT_SPEC: int = -(1 + 10 + CHUNK);

/** the reader callback's life: none given, idle, posted, running */
const CB_NONE: int = 0;
const CB_IDLE: int = 1;
const CB_POSTED: int = 2;
const CB_RUNNING: int = 3;

/** node.task priorities */
const PRIO_LOW: int = 0;
const PRIO_MEDIUM: int = 1;
const PRIO_HIGH: int = 2;

/** One chunk of the FIFO: its bytes are buf[start..end). */
interface Chunk {
  start: int;
  end: int;
  next: Ptr<Chunk> | null;
  buf: FixedArray<uint8, 256>;
}

let nextId: uint32 = 1;
/** the pipes with a reader callback, for the task to find by id */
let withReader: Ptr<create> | null = null;

/**
 * A pipe: a FIFO of records of up to 256 bytes. Its constructor is Lua's
 * `pipe.create()`: the binding names a constructor after its class.
 * @userdata pipe.obj
 */
export class create {
  head: Ptr<Chunk> | null = null;
  tail: Ptr<Chunk> | null = null;
  chunks: int = 0;
  cb: LuaRef = null;
  prio: int = PRIO_MEDIUM;
  cbState: int = CB_NONE;
  written: bool = false;
  /** holds the pipe while its reader task is queued, as upstream's posted closure does */
  anchor: LuaRef = null;
  id: uint32 = 0;
  next: Ptr<create> | null = null;

  /**
   * Creates a pipe.
   * @param cb a reader callback, called through the task queue after the pipe is written to; it gets the pipe. It is called again when it returns true (while the pipe holds data), not when it returns false, and with nil or nothing only if the pipe was written to during the call
   * @param prio its task priority, node.task.LOW_PRIORITY, MEDIUM_PRIORITY (default) or HIGH_PRIORITY
   * @example ../../examples/pipe/create.lua
   * @positional
   */
  constructor(cb: LuaFunction | null = null, prio?: int) {
    if (cb !== null) {
      if (prio !== undefined) {
        if (prio < PRIO_LOW || prio > PRIO_HIGH) argError(prio, "invalid priority");
        this.prio = prio;
      }
      this.cb = cb;
      this.cbState = CB_IDLE;
      this.id = nextId;
      nextId = nextId + 1;
      this.next = withReader;
      withReader = this;
    }
  }

  /**
   * Reads a record: `size` bytes, or up to a one-character delimiter, kept when followed by "+".
   * @param spec a size, or a delimiter ("\n", "\n+"); "\n+" when left out
   * @returns the record, the rest of the pipe when it is shorter, or nil when the pipe is empty
   * @example ../../examples/pipe/read.lua
   */
  read(spec?: int | LuaString): LuaValue {
    let how: int = DEFAULT_SPEC;
    if (spec !== undefined) {
      if (isString(spec)) {
        how = delimOf(spec);
        if (how === 0) argError(spec, "invalid delimiter");
      } else {
        if (spec <= 0) argError(spec, "invalid chunk size");
        how = spec;
      }
    }
    this.take(how);
    return lua_gettop(L);
  }

  /**
   * An iterator: each call reads a record as read(spec) does, nil once the pipe is empty.
   * @param spec as for read()
   * @returns the iterator function
   * @example ../../examples/pipe/reader.lua
   */
  reader(spec?: int | LuaString): LuaFunction {
    let how: int = DEFAULT_SPEC;
    if (spec !== undefined) {
      if (isString(spec)) {
        how = delimOf(spec);
        if (how === 0) argError(spec, "invalid delimiter");
      } else {
        if (spec <= 0) argError(spec, "invalid chunk size");
        how = spec;
      }
    }
    const kept: int = how;
    return (): LuaValue => {
      this.take(kept);
      return lua_gettop(L);
    };
  }

  /**
   * Writes a string to the tail of the pipe, and posts the reader callback.
   * @param s any string, NUL bytes included
   * @example ../../examples/pipe/write.lua
   */
  write(s: LuaString): void {
    let rem: size_t = s.length;
    if (rem === 0) return;
    let from: size_t = 0;
    while (rem > 0) {
      let c = this.tail;
      if (c === null || c.end - c.start === CHUNK) {
        c = this.newChunk(0);
        if (this.tail === null) this.head = c;
        else this.tail.next = c;
        this.tail = c;
      } else if (size_t(CHUNK - c.end) < rem && c.start > 0) {
        const used: int = c.end - c.start;
        for (let i: int = 0; i < used; i++) c.buf[i] = c.buf[c.start + i]!;
        c.start = 0;
        c.end = used;
      }
      let take: size_t = size_t(CHUNK - c.end);
      if (take > rem) take = rem;
      for (let i: size_t = 0; i < take; i++) c.buf[size_t(c.end) + i] = s[from + i]!;
      c.end += int(take);
      from += take;
      rem -= take;
    }
    if (this.cbState === CB_IDLE) {
      postReader(this);
    } else if (this.cbState === CB_RUNNING) {
      this.written = true;
    }
  }

  /**
   * Puts a string back at the head of the pipe (backs out a read).
   * @param s any string, NUL bytes included
   * @example ../../examples/pipe/unread.lua
   */
  unread(s: LuaString): void {
    let rem: size_t = s.length;
    while (rem > 0) {
      let c = this.head;
      if (c === null || c.end - c.start === CHUNK) {
        c = this.newChunk(CHUNK);
        c.next = this.head;
        if (this.head === null) this.tail = c;
        this.head = c;
      } else if (size_t(c.start) < rem && c.end < CHUNK) {
        const used: int = c.end - c.start;
        for (let i: int = used - 1; i >= 0; i--) c.buf[CHUNK - used + i] = c.buf[c.start + i]!;
        c.start = CHUNK - used;
        c.end = CHUNK;
      }
      let take: size_t = size_t(c.start);
      if (take > rem) take = rem;
      rem -= take;
      c.start -= int(take);
      for (let i: size_t = 0; i < take; i++) c.buf[size_t(c.start) + i] = s[rem + i]!;
    }
  }

  /**
   * The number of chunks the pipe holds, each of 1 to 256 bytes.
   * @returns the count
   * @example ../../examples/pipe/nrec.lua
   */
  nrec(): int {
    return this.chunks;
  }

  __gc(): void {
    while (this.head !== null) this.dropHead();
    unlinkPipe(this.id);
  }

  /**
   * Pushes one record as specOf() describes it, nil when the pipe is empty. Its
   * pieces are pushed and joined as upstream's are (a LuaBuffer is only built
   * by a function Lua calls, and reader()'s closure needs this too), joined
   * every 16 pieces so a long read stays within the Lua stack.
   */
  private take(how: int): void {
    let want: int = how;
    let keep: bool = false;
    let delim: int = 0;
    if (how < 0) {
      delim = -how - 1;
      if (delim >= CHUNK) {
        keep = true;
        delim -= CHUNK;
      }
    }
    let pieces: int = 0;
    while (want !== 0 && this.head !== null) {
      const c = this.head;
      let used: int = c.end - c.start;
      let part: int = used;
      if (want < 0) {
        for (let i: int = c.start; i < c.end; i++) {
          if (int(c.buf[i]!) === delim) {
            used = i + 1 - c.start;
            part = keep ? used : used - 1;
            want = 0;
            break;
          }
        }
      } else {
        if (want < used) {
          used = want;
          part = want;
        }
        want -= used;
      }
      lua_pushlstring(L, castPtr<char>(addr(c.buf[c.start])), size_t(part));
      pieces += 1;
      if (pieces === 16) {
        lua_concat(L, pieces);
        pieces = 1;
      }
      c.start += used;
      if (c.start === c.end) this.dropHead();
    }
    if (pieces > 1) lua_concat(L, pieces);
    else if (pieces === 0) lua_pushnil(L);
  }

  /** a new chunk holding nothing, its empty range at `at` (0: writes fill it up, 256: unreads fill it down) */
  private newChunk(at: int): Ptr<Chunk> {
    const c = castPtr<Chunk>(malloc(sizeOf<Chunk>()));
    if (c === null) luaError("not enough memory");
    c.start = at;
    c.end = at;
    c.next = null;
    this.chunks += 1;
    return c;
  }

  private dropHead(): void {
    const c = this.head;
    if (c === null) return;
    this.head = c.next;
    if (this.head === null) this.tail = null;
    free(c);
    this.chunks -= 1;
  }

}

/** a delimiter argument as take() reads it: -(1 + delimiter, + 256 when it is kept), 0 when invalid */
function delimOf(spec: LuaString): int {
  if (spec.length === 2 && spec[1] === 43) return -(1 + int(spec[0]!) + CHUNK);
  if (spec.length !== 1) return 0;
  return -(1 + int(spec[0]!));
}

function unlinkPipe(id: uint32): void {
  if (withReader === null || id === 0) return;
  if (withReader.id === id) {
    withReader = withReader.next;
    return;
  }
  for (let p: Ptr<create> | null = withReader; p !== null; p = p.next) {
    const n = p.next;
    if (n !== null && n.id === id) {
      p.next = n.next;
      return;
    }
  }
}

/** Runs a pipe's reader callback (on the Lua task), then reposts it or lets it rest. */
function runReader(id: uint32): void {
  let p: Ptr<create> | null = withReader;
  while (p !== null && p.id !== id) p = p.next;
  if (p === null) return;
  p.cbState = CB_RUNNING;
  p.written = false;
  let again: bool = false;
  {
    const r = callLua(p.cb, p);
    if (isBoolean(r)) again = r === true && p.head !== null;
    else again = p.written;
  }
  p.cbState = CB_IDLE;
  if (again) postReader(p);
  // released only now: reposted, the pipe stays held without a moment unanchored
  if (p.cbState === CB_IDLE) p.anchor = null;
}

/** queues a pipe's reader callback at its priority; the pipe stays alive until it ran */
function postReader(p: Ptr<create>): void {
  let ok: bool = false;
  if (p.prio === PRIO_LOW) ok = posted(readLow(p.id));
  else if (p.prio === PRIO_HIGH) ok = posted(readHigh(p.id));
  else ok = posted(readMedium(p.id));
  if (ok) {
    p.cbState = CB_POSTED;
    p.anchor = p;
  }
}

/** @luaTask prio=low */
function readLow(id: uint32): void {
  runReader(id);
}

/** @luaTask */
function readMedium(id: uint32): void {
  runReader(id);
}

/** @luaTask prio=high */
function readHigh(id: uint32): void {
  runReader(id);
}
