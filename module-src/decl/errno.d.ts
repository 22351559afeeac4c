/** @header <errno.h> */

export declare const ECONNREFUSED: int;
export declare const ETIMEDOUT: int;
export declare const EHOSTUNREACH: int;
