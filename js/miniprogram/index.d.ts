// The mini-program entry's declarations: the same API as the Node entry (crosspay_wasm.d.ts is
// the glue's, copied by the build), loaded with initAsync() through the host's loader.
export * from "./crosspay_wasm.js";

/** Every error crosspay throws is an `Error` with `name === "CrosspayError"` and a stable `code`. */
export interface CrosspayError extends Error {
  name: "CrosspayError";
  code: import("./crosspay_wasm.js").CrosspayErrorCode;
}

/** Whether `e` is an error crosspay threw: narrows it to `CrosspayError` for catching by type. */
export function isCrosspayError(e: unknown): e is CrosspayError;

export interface MiniprogramInitOptions {
  /** The module's absolute path in the code package; default `/miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br`. */
  path?: string;
  /**
   * Run the pure-JS fallback (binaryen wasm2js of the same module) instead of WebAssembly. It is
   * also what a host with no loader gets (Alipay's main thread, old clients). It carries money,
   * keys, payment codes (issuing and verification), merchant QR and drawing; cards, the prepaid
   * card and DER/PEM keys throw `not_in_fallback` there.
   */
  fallback?: boolean;
}

/**
 * Loads the module through WXWebAssembly (WeChat) or MYWebAssembly (Alipay, inside a worker), or
 * the pure-JS fallback where there is neither or `fallback: true` asks for it. Safe to call more
 * than once. Before it resolves every call throws `not_initialized`; a module that cannot be
 * loaded rejects with `load_failed`.
 */
export function initAsync(options?: MiniprogramInitOptions): Promise<void>;

/** How the module was loaded ("wasm2js": the pure-JS fallback), or null before initAsync() resolves. */
export function backend(): "WXWebAssembly" | "MYWebAssembly" | "wasm2js" | null;

/** `length` (1–1024) random bytes from wx.getRandomValues / my.getRandomValues. */
export function randomBytesAsync(length: number): Promise<Uint8Array<ArrayBuffer>>;

/** A new private key from 32 bytes of the host's asynchronous random source. */
export function generateKeyAsync(): Promise<import("./crosspay_wasm.js").PrivateKey>;

export interface DrawOptions { x?: number; y?: number; scale?: number; dark?: string; light?: string }
export interface FillContext { fillStyle: unknown; fillRect(x: number, y: number, w: number, h: number): void }
/** Draws `qrMatrix()`'s result on a canvas 2D context (wx.createCanvasContext / canvas type="2d"). */
export function drawQrMatrix(ctx: FillContext, matrix: import("./crosspay_wasm.js").QrMatrix, options?: DrawOptions): number;
/** Draws `barcode()`'s bars on a canvas 2D context. */
export function drawBarcode(ctx: FillContext, bars: import("./crosspay_wasm.js").Barcode, options?: DrawOptions & { height?: number }): number;
