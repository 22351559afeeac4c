/** @header <pthread.h> */

/** POSIX threads, so the example can raise events from a thread that is not the Lua task. */
export type pthread_t = uint32;
export declare function pthread_create(thread: Ptr<pthread_t>, attr: null, start: (arg: Ptr<void> | null) => Ptr<void> | null, arg: Ptr<void> | null): int;
export declare function pthread_detach(thread: pthread_t): int;
