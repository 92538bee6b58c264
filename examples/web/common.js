// What the three pages share: loading crosspay once, the demo clock, and showing outcomes.
import { initAsync, isCrosspayError, PublicKey, TrustList } from "crosspay";
import demo from "./demo-data.js";

export { demo };

/** Loads the WebAssembly module (once; the service worker keeps it for offline use). */
export async function ready() {
  await initAsync();
}

// The demo material is signed for 2026-12-01 (demo-data.js): the pages' clock starts at
// demo.at (or ?at=…) and runs in real time from there; `advance` moves it on, to show expiry.
const started = Date.now();
let base = Date.parse(new URLSearchParams(location.search).get("at") ?? demo.at);
export function now() {
  return new Date(base + (Date.now() - started)).toISOString().replace(/\.\d{3}Z$/, "Z");
}
export function advance(seconds) {
  base += seconds * 1000;
}

/** The trust list, verified against the root key the app ships with. */
export function trustList() {
  return TrustList.verify(demo.trustList, PublicKey.parse(demo.rootPublicKey));
}

/** An error as a person reads it: the code first. */
export function describe(e) {
  return isCrosspayError(e) ? `${e.code}: ${e.message}` : String(e);
}

export function $(id) {
  return document.getElementById(id);
}

/** Shows `text` in element `id` as an outcome: ok (green) or refused (red). */
export function outcome(id, ok, text) {
  const el = $(id);
  el.textContent = text;
  el.className = ok ? "outcome ok" : "outcome refused";
}

/** An SVG from crosspay (sized in modules) at `scale` whole pixels per module. */
export function scaled(svg, scale = 4) {
  return svg.replace(/ width="(\d+)" height="(\d+)"/, (_, w, h) => ` width="${w * scale}" height="${h * scale}"`);
}
