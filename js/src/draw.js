// Draws what qrMatrix() and barcode() return on a 2D canvas context (browsers' <canvas>,
// OffscreenCanvas, mini-programs' canvas 2D): whole pixels per module, the quiet zone included,
// so the result scans as the SVG does. Plain ES2017, no DOM lookups.

import { crosspayError } from "./state.js";

/**
 * Checks the context and options, paints the light rectangle of `w` × `h` modules (`h` pixels
 * when `hPixels`), and leaves the dark colour set. Returns { x0, y0, scale }.
 */
function frame(ctx, options, w, h, hPixels) {
  if (!ctx || typeof ctx.fillRect !== "function") throw crosspayError("invalid_argument", "invalid argument ctx: expected a canvas 2D context");
  const o = options || {};
  const scale = o.scale !== undefined ? o.scale : 4;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw crosspayError("invalid_argument", "invalid argument scale: expected a whole number of pixels per module, 1 to 64");
  }
  const x0 = o.x || 0;
  const y0 = o.y || 0;
  ctx.fillStyle = o.light || "#fff";
  ctx.fillRect(x0, y0, w * scale, hPixels ? h : h * scale);
  ctx.fillStyle = o.dark || "#000";
  return { x0, y0, scale };
}

/**
 * Draws a QR matrix at (x, y) with `scale` pixels per module (default 4) in `dark` and `light`
 * (default black and white). Returns the side drawn, in pixels.
 */
export function drawQrMatrix(ctx, matrix, options) {
  if (!matrix || !Number.isInteger(matrix.size) || !Number.isInteger(matrix.quiet_zone) || !matrix.modules || matrix.modules.length !== matrix.size * matrix.size) {
    throw crosspayError("invalid_argument", "invalid argument matrix: expected what qrMatrix() returns");
  }
  const full = matrix.size + 2 * matrix.quiet_zone;
  const { x0, y0, scale } = frame(ctx, options, full, full, false);
  const q = matrix.quiet_zone;
  for (let y = 0; y < matrix.size; y++) {
    let x = 0;
    while (x < matrix.size) {
      if (matrix.modules[y * matrix.size + x] === 1) {
        const start = x;
        while (x < matrix.size && matrix.modules[y * matrix.size + x] === 1) x++;
        ctx.fillRect(x0 + (start + q) * scale, y0 + (y + q) * scale, (x - start) * scale, scale);
      } else {
        x++;
      }
    }
  }
  return full * scale;
}

/**
 * Draws a barcode's bars at (x, y), `scale` pixels per module (default 4) and `height` pixels
 * high (default 15 × scale), quiet zones included. Returns the width drawn, in pixels.
 */
export function drawBarcode(ctx, bars, options) {
  if (!bars || !Number.isInteger(bars.width) || !Number.isInteger(bars.quiet_zone) || !bars.widths || typeof bars.widths.length !== "number") {
    throw crosspayError("invalid_argument", "invalid argument bars: expected what barcode() returns");
  }
  const scaleGuess = options && Number.isInteger(options.scale) ? options.scale : 4;
  const height = (options && options.height) || 15 * scaleGuess;
  const full = bars.width + 2 * bars.quiet_zone;
  const { x0, y0, scale } = frame(ctx, options, full, height, true);
  let x = bars.quiet_zone;
  bars.widths.forEach((w, i) => {
    if (i % 2 === 0) ctx.fillRect(x0 + x * scale, y0, w * scale, height);
    x += w;
  });
  return full * scale;
}
