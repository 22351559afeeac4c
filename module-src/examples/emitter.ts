/**
 * @luaModule emitter
 * @kconfig EMITTER
 *
 * An example NodeMCU module (not mqtt) that uses every feature of the Lua
 * binding: module functions and constants (one with a key too long for a ROM
 * table), a userdata class with a ROM metatable and __gc, string/integer/flag
 * arguments, defaults, flexible optional arguments, unions dispatched on the
 * Lua type, table-shaped arguments, callbacks held as registry refs, and
 * events raised on a foreign thread that reach Lua through the task queue.
 */
import { pthread_create, pthread_detach, type pthread_t } from "./decl/pthread";
import { usleep } from "./decl/unistd";

/** @luaPrefix LEVEL_ */
export const enum Level {
  /** the lower level */
  LOW = 1,
  /** the higher level */
  HIGH = 2,
  /** a 36-character Lua key: served by the module table's __index */
  WITH_A_NAME_LONGER_THAN_ROM_KEYS = 3,
}

/** The table form of configure(): { step = n, label = "s", loud = true|1 } */
interface Options {
  step: int;
  label: LuaString;
  loud: bool;
}

let nextId: uint32 = 1;
let emitters: Ptr<Emitter> | null = null;
let jobId: uint32 = 0;
let jobTimes: int = 0;

/**
 * An emitter: calls its "event" callback when fired, or from a thread it spawns.
 * @userdata emitter.obj
 */
export class Emitter {
  id: uint32 = 0;
  step: int = 1;
  loud: bool = false;
  label: LuaRef = null;
  onEvent: LuaRef = null;
  onDone: LuaRef = null;
  next: Ptr<Emitter> | null = null;

  /**
   * Creates an emitter.
   * @param label the text the "event" callback gets
   * @param step the "event" callback gets i * step
   * @returns the emitter
   * @example ../../examples/emitter/new.lua
   */
  constructor(label: LuaString, step: int = 1) {
    this.label = label;
    this.step = step;
    this.id = nextId;
    nextId = nextId + 1;
    this.next = emitters;
    emitters = this;
  }

  /**
   * Sets (or, with nil, clears) the callback of an event.
   * @param event the event's name
   * @param fn the callback, or nil
   * @event event `(emitter, i * step, label, loud)` for each of fire()'s n events, and for spawn()'s
   * @event done `(emitter)` when fire() got a done callback
   * @example ../../examples/emitter/on.lua
   */
  on(event: LuaString, fn: LuaFunction | null): void {
    if (equals(event, "event")) {
      this.onEvent = fn;
    } else if (equals(event, "done")) {
      this.onDone = fn;
    } else {
      luaError("unknown event (expected \"event\" or \"done\")");
    }
  }

  /**
   * Calls the "event" callback n times.
   * @param n how many events
   * @param loud passed on to the callback
   * @param label instead of the emitter's label
   * @param done becomes the "done" callback, called once after the events
   * @returns n
   * @example ../../examples/emitter/fire.lua
   */
  fire(n: uint8, loud?: bool, label: LuaString | null = null, done: LuaFunction | null = null): int {
    const useLabel = label !== null;
    for (let i: int = 1; i <= n; i++) {
      callLua(this.onEvent, this, i * this.step, useLabel ? label : refBytes(this.label), loud === true);
    }
    if (done !== null) {
      this.onDone = done;
      callLua(this.onDone, this);
    }
    return n;
  }

  /**
   * Changes the step, or the fields a table gives.
   * @param opts the step, or `{ step = n, label = "s", loud = flag }`
   * @returns the step now
   * @example ../../examples/emitter/configure.lua
   */
  configure(opts: int | Options): int {
    if (isTable(opts)) {
      if (opts.step !== 0) {
        this.step = opts.step;
      }
      if (opts.label.length > 0) {
        this.label = opts.label;
      }
      this.loud = opts.loud;
    } else {
      this.step = opts;
    }
    return this.step;
  }

  /**
   * The emitter's label.
   * @returns the label
   * @example ../../examples/emitter/label.lua
   */
  label_(): LuaString {
    return refBytes(this.label);
  }

  /**
   * Starts a POSIX thread that raises `times` "event"s; they reach Lua through the task queue.
   * @param times how many events
   * @returns false when the thread could not be started
   * @example ../../examples/emitter/spawn.lua
   */
  spawn(times: int): bool {
    let thread: pthread_t = 0;
    jobId = this.id;
    jobTimes = times;
    if (pthread_create(addr(thread), null, worker, null) !== 0) {
      return false;
    }
    pthread_detach(thread);
    return true;
  }

  __gc(): void {
    unlinkEmitter(this.id);
  }
}

/**
 * Adds two integers: the simplest module function.
 * @param a an integer
 * @param b another
 * @returns a + b
 * @example ../../examples/emitter/add.lua
 */
export function add(a: int32, b: int32): int32 {
  return int32(a + b);
}

/**
 * The Lua type of a string/number/boolean argument, as the binding saw it.
 * @param x a string, a number or a boolean
 * @returns "string" or "number or boolean"
 * @example ../../examples/emitter/kind.lua
 */
export function kind(x: LuaString | int | bool): cstring {
  if (isString(x)) {
    return "string";
  }
  return "number or boolean";
}

function unlinkEmitter(id: uint32): void {
  if (emitters === null) {
    return;
  }
  if (emitters.id === id) {
    emitters = emitters.next;
    return;
  }
  for (let e: Ptr<Emitter> | null = emitters; e !== null; e = e.next) {
    const n = e.next;
    if (n !== null && n.id === id) {
      e.next = n.next;
      return;
    }
  }
}

function find(id: uint32): Ptr<Emitter> | null {
  for (let e: Ptr<Emitter> | null = emitters; e !== null; e = e.next) {
    if (e.id === id) {
      return e;
    }
  }
  return null;
}

/** Runs on the POSIX thread: never touches Lua, only posts copies. */
function worker(arg: Ptr<void> | null): Ptr<void> | null {
  const id = jobId;
  const times = jobTimes;
  for (let i: int = 1; i <= times; i++) {
    tick(id, i, bytes("from\0thread"));
    usleep(1000);
  }
  return arg;
}

/** @luaTask */
function tick(id: uint32, seq: int, payload: Bytes): void {
  const e = find(id);
  if (e === null) {
    return; // the emitter was collected while its events were queued
  }
  callLua(e.onEvent, e, seq, payload, true);
}
