/** @header <string.h> */

export declare function memcpy(dst: Ptr<void>, src: Ptr<void> | cstring | null, n: size_t): Ptr<void>;
