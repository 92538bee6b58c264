import type { InitInput, SyncInitInput } from "./crosspay_wasm.js";

export * from "./api.js";

/**
 * Loads and instantiates the WebAssembly module (browsers, bundlers, mini-programs). Safe to call
 * more than once; in Node.js the module is ready on import and this resolves at once.
 * By default the .wasm file next to the entry script is fetched.
 */
export function initAsync(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Instantiates synchronously from bytes or a compiled module that the host provides. */
export function initSync(module: SyncInitInput): void;
