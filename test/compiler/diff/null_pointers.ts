import { printf } from "../fixtures/decl/stdio.js";

interface Node {
  value: int;
  next: Ptr<Node> | null;
}

function length(head: Ptr<Node> | null): int {
  let n: int = 0;
  let p = head;
  while (p) {
    n++;
    p = p.next;
  }
  return n;
}

function sum(head: Ptr<Node> | null): int {
  let s: int = 0;
  for (let p = head; p !== null; p = p.next) s += p.value;
  return s;
}

export function main(): void {
  const c: Node = { value: 3, next: null };
  const b: Node = { value: 2, next: c };
  const a: Node = { value: 1, next: b };
  printf("%d %d\n", length(a), sum(a));
  printf("%d %d\n", length(null), sum(c));
  b.next = null;
  printf("%d %d\n", length(a), sum(a));
}
