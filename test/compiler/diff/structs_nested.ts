import { printf } from "../fixtures/decl/stdio.js";

interface Point {
  x: int32;
  y: int32;
}
interface Rect {
  origin: Point;
  size: Point;
  id: uint8;
}

function area(r: Rect): int32 {
  return Math.imul(r.size.x, r.size.y);
}

function grow(r: Rect, by: int32): void {
  r.size.x = int32(r.size.x + by);
  r.size.y = int32(r.size.y + by);
  moveBy(r.origin, -1, -1);
}

function moveBy(p: Point, dx: int32, dy: int32): void {
  p.x = int32(p.x + dx);
  p.y = int32(p.y + dy);
}

export function main(): void {
  const r: Rect = { origin: { x: 1, y: 2 }, size: { x: 10, y: 20 }, id: 7 };
  printf("%d\n", area(r));
  grow(r, 5);
  printf("%d %d %d %d %d %d\n", r.origin.x, r.origin.y, r.size.x, r.size.y, area(r), r.id);
  moveBy(r.size, 100, 200);
  printf("%d %d\n", r.size.x, r.size.y);
}
