import { printf } from "../fixtures/decl/stdio.js";

interface Point {
  x: int32;
  y: int32;
}

interface Segment {
  from: Point;
  to: Point;
  label: cstring;
  next: Ptr<Segment> | null;
}

function length2(s: Segment): int32 {
  const dx: int32 = int32(s.to.x - s.from.x);
  const dy: int32 = int32(s.to.y - s.from.y);
  return int32(Math.imul(dx, dx) + Math.imul(dy, dy));
}

function translate(p: Point, dx: int32): void {
  p.x = int32(p.x + dx);
}

function count(s: Ptr<Segment> | null): int {
  let n: int = 0;
  for (let p = s; p !== null; p = p.next) n++;
  return n;
}

export function main(): void {
  const a: Segment = { from: { x: 0, y: 0 }, to: { x: 3, y: 4 }, label: "a", next: null };
  const b: Segment = { from: { x: 1, y: 1 }, to: { x: 2, y: 2 }, label: "b", next: a };
  translate(b.to, 10);
  printf("%s %d %d\n", b.label, length2(b), count(b));
}
