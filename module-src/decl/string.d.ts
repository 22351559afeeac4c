/** @header <string.h> */

export declare function memcpy(dst: Ptr<void>, src: Ptr<void> | cstring | null, n: size_t): Ptr<void>;
export declare function strlen(s: cstring): size_t;
export declare function strstr(haystack: cstring | null, needle: cstring): cstring | null;
export declare function memcmp(a: cstring | null, b: cstring, n: size_t): int;
export declare function memchr(s: cstring | null, c: int, n: size_t): Ptr<void> | null;
/** @header <strings.h> */
export declare function strncasecmp(a: cstring | null, b: cstring, n: size_t): int;
