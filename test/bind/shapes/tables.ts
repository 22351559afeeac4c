/**
 * @luaModule tables
 *
 * Issue 22, tables out: an interface returned (or handed to a callback) is a
 * Lua table with its fields; a FixedArray is a sequence; nested tables nest.
 */

/** a flat table */
interface Info {
  n: int;
  name: LuaString;
  ok: bool;
  ratio: number;
}

interface Point {
  x: int;
  y: int;
}

const enum Dir {
  Up,
  Down,
}

/** a C string and an enum in a table */
interface Tag {
  text: cstring;
  dir: Dir;
}

/** a table holding tables and sequences */
interface Shape {
  label: LuaString;
  origin: Point;
  corners: FixedArray<Point, 2>;
  weights: FixedArray<int16, 3>;
  flags: FixedArray<bool, 2>;
}

/** the length, the string and whether it is empty, as a table */
export function info(s: LuaString): Info {
  return { n: int(s.length), name: s, ok: s.length === 0, ratio: int(s.length) * 0.5 };
}

/** a table of tables and sequences, built field by field in a local */
export function shape(w: int): Shape {
  const sh: Shape = {
    label: bytes("box"),
    origin: { x: w, y: -w },
    corners: [{ x: 0, y: 0 }, { x: w, y: w }],
    weights: [1, int16(w), 3],
    flags: [true, w > 0],
  };
  sh.origin.x += 1;
  return sh;
}

/** a table argument handed back: a new table with the fields read from it */
export function echo(p: Point): Point {
  p.x += 1;
  return p;
}

/** a cstring field and an enum field; a sequence of them */
export function tags(up: bool): FixedArray<Tag, 2> {
  return [{ text: "first", dir: up ? Dir.Up : Dir.Down }, { text: "second", dir: Dir.Down }];
}

/** a plain C function's struct parameter (a pointer) handed to callbacks, with and without the userdata */
function notify(w: Watch, p: Point): void {
  callLua(w.cb, w, p);
  callLua(w.cb, p);
}

/** a sequence 1..3 */
export function squares(n: int): FixedArray<int, 3> {
  return [n * n, (n + 1) * (n + 1), (n + 2) * (n + 2)];
}

/** a table, or nil for a negative coordinate */
export function point(x: int, y: int): Point | null {
  return x < 0 || y < 0 ? null : { x: x, y: y };
}

/** a table and a count, as two results; the point is nil-able */
export function split(s: LuaString, at: int): [Point | null, int] {
  if (at > s.length) return [null, 0];
  return [{ x: at, y: int(s.length) - at }, 2];
}

/**
 * A point that moves: each move hands the point (a table) and the two last x
 * (a sequence) to the callback.
 * @userdata tables.watch
 */
export class Watch {
  cb: LuaRef = LUA_NOREF;
  last: Point = { x: 0, y: 0 };
  seen: FixedArray<int, 2> = [0, 0];

  constructor(cb: LuaFunction) {
    this.cb = cb;
  }

  /** moves the point; the callback gets (watch, point, the two last x) */
  move(dx: int, dy: int): int {
    this.seen[0] = this.seen[1];
    this.seen[1] = this.last.x;
    this.last.x += dx;
    this.last.y += dy;
    const p: Point = { x: this.last.x, y: this.last.y };
    callLua(this.cb, this, p, this.seen);
    return p.x + p.y;
  }

  /** the callback gets (watch, point), then (point) */
  poke(): void {
    notify(this, this.last);
  }

  /** the object's own point, read where it is */
  where(): Point {
    return this.last;
  }
}
