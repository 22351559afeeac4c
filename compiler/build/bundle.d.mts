/** Types of bundle.mjs (plain JavaScript so that `npm install` can run it without a TypeScript loader). */
export declare const bundlePath: string;
export declare function bundle(): Promise<void>;
