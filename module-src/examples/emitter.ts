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
  LOW = 1,
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

/** @userdata emitter.obj */
export class Emitter {
  id: uint32 = 0;
  step: int = 1;
  loud: bool = false;
  label: LuaRef = null;
  onEvent: LuaRef = null;
  onDone: LuaRef = null;
  next: Ptr<Emitter> | null = null;

  constructor(label: LuaString, step: int = 1) {
    this.label = label;
    this.step = step;
    this.id = nextId;
    nextId = nextId + 1;
    this.next = emitters;
    emitters = this;
  }

  /** on("event"|"done", fn|nil) */
  on(event: LuaString, fn: LuaFunction | null): void {
    if (equals(event, "event")) {
      this.onEvent = fn;
    } else if (equals(event, "done")) {
      this.onDone = fn;
    } else {
      luaError("unknown event (expected \"event\" or \"done\")");
    }
  }

  /** fire(n[, loud[, label]][, done]): calls the "event" callback n times with (self, i, label) */
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

  /** configure(step) or configure({ step = n, label = "s", loud = flag }) */
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

  label_(): LuaString {
    return refBytes(this.label);
  }

  /** spawn(times): a POSIX thread raises `times` events; they arrive through the task queue */
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

/** Adds two integers: the simplest module function. */
export function add(a: int32, b: int32): int32 {
  return int32(a + b);
}

/** describe(x): the Lua type of a string/number/boolean argument, as the binding saw it */
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
