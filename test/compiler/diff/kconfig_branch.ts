import { printf } from "../fixtures/decl/stdio.js";

function feature(): int {
  if (kconfig("TSC2C_TEST_FEATURE")) {
    return 1;
  } else {
    return 2;
  }
}

export function main(): void {
  printf("%d\n", feature());
  if (!kconfig("TSC2C_TEST_OTHER")) {
    printf("other is off\n");
  }
  if (kconfig("TSC2C_TEST_THIRD")) {
    printf("third is on\n");
  }
  printf("done\n");
}
