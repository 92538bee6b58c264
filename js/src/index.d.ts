import type { InitInput, SyncInitInput } from "./crosspay_wasm.js";

export * from "./crosspay_wasm.js";

/** Every error crosspay throws is an `Error` with `name === "CrosspayError"` and a stable `code`. */
export interface CrosspayError extends Error {
  name: "CrosspayError";
  code: import("./crosspay_wasm.js").CrosspayErrorCode;
}

/** Whether `e` is an error crosspay threw: narrows it to `CrosspayError` for catching by type. */
export function isCrosspayError(e: unknown): e is CrosspayError;

/**
 * Loads and instantiates the WebAssembly module (browsers, bundlers, mini-programs). Safe to call
 * more than once; in Node.js 20.16+ and 22.3+ the module is ready on import and this resolves at
 * once (older Nodes read the module here).
 * By default the .wasm file next to the entry script is fetched.
 */
export function initAsync(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Instantiates synchronously from bytes or a compiled module that the host provides. */
export function initSync(module: SyncInitInput): void;

/** `length` (1–1024) random bytes from the host (crypto.getRandomValues; wx/my.getRandomValues in a mini-program). */
export function randomBytesAsync(length: number): Promise<Uint8Array<ArrayBuffer>>;

/** A new private key from 32 bytes of the host's random source. */
export function generateKeyAsync(): Promise<import("./crosspay_wasm.js").PrivateKey>;

/** Where and how to draw on a canvas: `scale` whole pixels per module (default 4), colours. */
export interface DrawOptions {
  x?: number;
  y?: number;
  scale?: number;
  dark?: string;
  light?: string;
}

/** A 2D canvas context, or anything with `fillStyle` and `fillRect` (mini-programs' canvas 2D). */
export interface FillContext {
  fillStyle: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
}

/** Draws `qrMatrix()`'s result, quiet zone included; returns the side drawn in pixels. */
export function drawQrMatrix(ctx: FillContext, matrix: import("./crosspay_wasm.js").QrMatrix, options?: DrawOptions): number;

/** Draws `barcode()`'s bars (`height` pixels high); returns the width drawn in pixels. */
export function drawBarcode(ctx: FillContext, bars: import("./crosspay_wasm.js").Barcode, options?: DrawOptions & { height?: number }): number;
