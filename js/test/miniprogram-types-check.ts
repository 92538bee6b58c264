// The mini-program entry's declarations, under tsc --strict: initAsync's options, the async
// randomness, and the same API as the Node entry after loading.
import * as cp from "../node_modules/crosspay/miniprogram_dist/index.js";

async function page(): Promise<string> {
  await cp.initAsync();
  await cp.initAsync({ path: "/assets/crosspay_wasm_bg.wasm.br" });
  await cp.initAsync({ fallback: true });
  // @ts-expect-error: there is no such option
  await cp.initAsync({ wasm: "/x.wasm" });
  // @ts-expect-error: fallback is a boolean
  await cp.initAsync({ fallback: "yes" });
  const backend: "WXWebAssembly" | "MYWebAssembly" | "wasm2js" | null = cp.backend();
  const notInFallback: cp.CrosspayErrorCode = "not_in_fallback";
  const key: cp.PrivateKey = await cp.generateKeyAsync();
  const bytes: Uint8Array<ArrayBuffer> = await cp.randomBytesAsync(32);
  const receipt: cp.Conversion = cp.convert("88.00", "CNY", "HKD", "1.0962", "half-up");
  try {
    cp.PrivateKey.fromEntropy(bytes);
  } catch (e) {
    if (cp.isCrosspayError(e)) {
      const code: cp.CrosspayErrorCode = e.code;
      return code;
    }
  }
  return `${backend} ${notInFallback} ${key.publicKey().kid} ${receipt.target.amount}`;
}
void page;
