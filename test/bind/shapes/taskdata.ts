/**
 * @luaModule taskdata
 *
 * Issue 22, variable-length data from another thread: a @luaTask function
 * takes a list of byte strings (`Bytes[]`) and a table-shaped payload (an
 * interface with strings, scalars, a nested table, a FixedArray and a list of
 * key/value pairs: MQTT 5 properties' shape), posted from a POSIX thread
 * whose buffers change right after each post. Lists (`T[]`) are also
 * returned, handed to callbacks and read by plain C functions.
 */
import { pthread_create, pthread_detach, type pthread_t } from "../../../module-src/examples/decl/pthread.js";
import { usleep } from "../../../module-src/examples/decl/unistd.js";

/** an MQTT 5 user property */
interface UserProperty {
  key: Bytes;
  value: Bytes;
}

interface Point {
  x: int;
  y: int;
}

/** the shape of an MQTT 5 message's properties */
interface Props {
  message_expiry: uint32;
  content_type: Bytes;
  response_topic: cstring;
  correlation_data: Bytes;
  payload_format: bool;
  user_properties: UserProperty[];
  sizes: FixedArray<int, 2>;
  origin: Point;
}

let sink: Ptr<Sink> | null = null;
let jobCount: int = 0;

/**
 * Receives the tasks' data: its callback gets (sink, seq, list) from names()
 * and (sink, seq, topic, props, number of user properties) from message().
 * @userdata taskdata.sink
 */
export class Sink {
  cb: LuaRef = LUA_NOREF;

  constructor(cb: LuaFunction) {
    this.cb = cb;
    sink = this;
  }

  /**
   * Starts a POSIX thread that posts `count` names() and message() tasks.
   * @returns false when the thread could not be started
   */
  spawn(count: int): bool {
    let thread: pthread_t = 0;
    jobCount = count;
    if (pthread_create(addr(thread), null, worker, null) !== 0) {
      return false;
    }
    pthread_detach(thread);
    return true;
  }

  __gc(): void {
    sink = null;
  }
}

/** @luaTask */
function names(seq: int, list: Bytes[]): void {
  if (sink === null) {
    return;
  }
  callLua(sink.cb, sink, seq, list);
}

/** @luaTask */
function message(seq: int, topic: Bytes, props: Props): void {
  if (sink === null) {
    return;
  }
  callLua(sink.cb, sink, seq, topic, props, props.user_properties.length);
}

/** @luaTask */
function counts(seq: int, values: int[], at: Point): void {
  if (sink === null) {
    return;
  }
  callLua(sink.cb, sink, -seq, values, at);
}

/** Posts task `seq` of both kinds from views of `text`, which the caller changes right after. */
function postBoth(seq: int, text: FixedArray<char, 8>): int {
  const words: FixedArray<Bytes, 3> = [bytesFrom(addr(text[0]), 2), bytesFrom(addr(text[2]), 2), bytes("")];
  const items: FixedArray<UserProperty, 3> = [
    { key: bytesFrom(addr(text[0]), 2), value: bytesFrom(addr(text[2]), 1) },
    { key: bytesFrom(addr(text[0]), 1), value: bytesFrom(addr(text[2]), 2) },
    { key: bytes("k\0"), value: bytes("") },
  ];
  let posts: int = 0;
  if (posted(names(seq, words.slice(0, seq % 4)))) {
    posts += 1;
  }
  const ok = posted(message(seq, bytesFrom(addr(text[0]), 4), {
    message_expiry: uint32(seq * 60),
    content_type: bytesFrom(addr(text[0]), 3),
    response_topic: "reply/to",
    correlation_data: bytes("\0\u0001\u0002"),
    payload_format: seq % 2 === 0,
    user_properties: items.slice(0, seq % 4),
    sizes: [seq, -seq],
    origin: { x: seq, y: 2 * seq },
  }));
  if (ok) {
    posts += 1;
  }
  return posts;
}

/** "k<d>v<d>" in `text`, d the last digit of seq */
function spell(text: FixedArray<char, 8>, seq: int): void {
  text[0] = char(107);
  text[1] = char(48 + seq % 10);
  text[2] = char(118);
  text[3] = char(48 + seq % 10);
}

/** Runs on the POSIX thread: never touches Lua, only posts copies, then spoils what they were copied from. */
function worker(arg: Ptr<void> | null): Ptr<void> | null {
  const text: FixedArray<char, 8> = fill(8, char(0));
  for (let i: int = 1; i <= jobCount; i++) {
    spell(text, i);
    postBoth(i, text);
    // a list literal of integers and an interface without views (copied as it is)
    counts(i, [i, 2 * i, 3 * i], { x: i, y: -i });
    for (let k: int = 0; k < 8; k++) {
      text[k] = char(63);
    }
    usleep(500);
  }
  return arg;
}

/**
 * Posts `count` tasks of each kind from the Lua task itself (no wait: a full queue drops them).
 * @returns how many of the 2 * count posts went through
 */
export function flood(count: int): int {
  const text: FixedArray<char, 8> = fill(8, char(0));
  let posts: int = 0;
  for (let i: int = 1; i <= count; i++) {
    spell(text, i);
    posts += postBoth(i, text);
  }
  return posts;
}

/** the first n of three words: a list returned as a sequence */
export function words(n: int): Bytes[] {
  const w: FixedArray<Bytes, 3> = [bytes("one"), bytes("two"), bytes("three")];
  return w.slice(0, n);
}

/** a list literal returned */
export function evens(): int[] {
  return [2, 4, 6];
}

/** an empty list literal returned */
export function none(): uint8[] {
  return [];
}

/** the sum of a list, read by a plain C function */
function total(xs: int[]): int {
  let t: int = 0;
  for (let i: size_t = 0; i < xs.length; i++) {
    t += xs[i];
  }
  return t;
}

/** a list literal and a whole FixedArray passed to a plain C function */
export function sum(a: int, b: int, c: int): int {
  const all: FixedArray<int, 3> = [a, b, c];
  return total([a, b, c]) + total(all) + total(all.slice(-2));
}

/** a table holding a list, returned */
export function props(n: int): Props {
  const items: FixedArray<UserProperty, 2> = [{ key: bytes("a"), value: bytes("1") }, { key: bytes("b"), value: bytes("2") }];
  return {
    message_expiry: 0,
    content_type: bytes("text/plain"),
    response_topic: "r",
    correlation_data: bytes(""),
    payload_format: true,
    user_properties: items.slice(0, n),
    sizes: [n, n],
    origin: { x: 0, y: 0 },
  };
}
