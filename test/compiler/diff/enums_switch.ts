import { printf } from "../fixtures/decl/stdio.js";

const enum Op {
  Add,
  Sub,
  Mul = 10,
  Neg,
  Nop = 20,
}

function apply(op: Op, a: int, b: int): int {
  switch (op) {
    case Op.Add:
      return a + b;
    case Op.Sub:
      return a - b;
    case Op.Mul:
      return a * b;
    case Op.Neg:
    case Op.Nop:
      return op === Op.Neg ? -a : a;
    default:
      return 0;
  }
}

function classify(n: int): void {
  switch (n % 4) {
    case 0:
    case 1:
      printf("low ");
      break;
    case 2:
      printf("two ");
      break;
    default:
      printf("other ");
  }
}

export function main(): void {
  printf("%d %d %d %d %d\n", apply(Op.Add, 3, 4), apply(Op.Sub, 3, 4), apply(Op.Mul, 3, 4), apply(Op.Neg, 3, 4), apply(Op.Nop, 3, 4));
  printf("%d %d\n", Op.Mul, Op.Neg);
  for (let i: int = -3; i < 6; i++) classify(i);
  printf("\n");
}
