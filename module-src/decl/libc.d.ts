/** @header <stdlib.h> */

export declare function malloc(size: size_t): Ptr<void> | null;
export declare function free(p: Ptr<void> | null): void;
