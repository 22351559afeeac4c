/**
 * @header <stdint.h>
 *
 * GCC's (and clang's) __atomic builtins, for the few words the Lua task and
 * esp-mqtt's task both read: a plain load in a polling loop may legally be
 * hoisted out of it. The builtins need no header of their own.
 */

export declare const __ATOMIC_SEQ_CST: int;
export declare function __atomic_load_n(p: Ptr<uint32>, order: int): uint32;
export declare function __atomic_store_n(p: Ptr<uint32>, v: uint32, order: int): void;
