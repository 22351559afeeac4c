import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  printf("tab\there\n");
  printf("quote \" backslash \\ apostrophe '\n");
  printf("%s|%s|%s\n", "a\tb", "x\\y", "");
  printf("hex \x41\x42 octal-like \x30\x31\n");
  printf("question ?? marks ??=\n");
  printf("%c%c%c\n", 72, 105, 33);
  const s: cstring = "cut\0hidden";
  printf("[%s]\n", s);
  printf("%5s|%-5s|%.2s\n", "ab", "cd", "efgh");
  printf("unicode caf\u00e9 \u20ac\n");
}
