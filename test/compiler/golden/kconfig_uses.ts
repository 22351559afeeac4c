import { printf } from "../fixtures/decl/stdio.js";

// A parameter read only under kconfig() is marked (void) so C builds with the symbol on or off;
// a local read in both branches of one kconfig test is used either way.
function show(n: int, m: int): void {
  if (kconfig("TSC2C_X")) {
    printf("%d\n", n);
  }
  printf("%d\n", m);
}
export function main(): void {
  const both: int = 5;
  if (kconfig("TSC2C_X")) {
    printf("%d\n", both);
  } else {
    printf("%d\n", both + 1);
  }
  show(1, 2);
}
