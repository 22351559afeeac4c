/** @header <unistd.h> */

export declare function usleep(microseconds: uint32): int;
