// The package's entries and their size budgets: gzip -9 of the wasm plus the JavaScript an import
// loads. Shared by the size test (test/size.test.mjs, on the installed package) and the benchmark
// (bench/peers.mjs). `budget` is enforced: the size this commit holds, so it can only go down;
// `target` is the goal of issue 13 (docs/benchmarks.md says how far there is to go). Raised
// once, 305,000 → 335,000, for p256 0.14's base-point tables (signing 3× faster), and
// 335,000 → 360,000 for QR and barcode rendering (the qrcode crate, about 21 KB gzip: issue 15),
// 360,000 → 365,000 for replay stores written in JS, synchronous and asynchronous (issue 17),
// 365,000 → 407,000 for cards and the prepaid card (issue 18: about 41 KB gzip, most of it the
// serde code of the prepaid records; the wallet entry leaves it out), then down with wasm-opt's
// --converge, --low-memory-unused and --zero-filled-memory (404,100), and with the CRC upper-cased
// in ASCII, which took Unicode's case tables out of the module (398,600; wallet 251,900); up by
// about 0.6 KB for the rates a sheet keeps once worked out (a cross-rate conversion 1.5× faster
// from JS, 2× natively): 399,300, wallet 252,400; up 1.9 KB for inverse and cross rates in
// 128-bit fractions (a cross-rate conversion 1.8× faster again from JS, 2.1× natively): 401,200,
// wallet 254,400; up 0.5 KB for reverse conversions searched in 128 bits (2× faster from JS, 4×
// natively): 401,700, wallet 254,900 (255,000 when amount texts lost their fixed-size buffer); up
// 4.4 KB for __multi3 inlined into the P-256 arithmetic (scripts/inline-hot.mjs: signing 10 %,
// verifying 15 % faster): 406,200, wallet 259,400; up 3.3 KB for price lists in integer minor
// units (convertManyMinorUnits, BigInt64Array in and out: about 9× faster per amount than
// convertMany) and conversion arithmetic in 64-bit integers: 409,500, wallet 262,500; down 19 KB
// with p256 at opt-level 2 (its base-point table's construction had been unrolled into 52 KB of
// wasm; signing as fast): 390,100, wallet 243,100; down 8.3 / 5.3 KB with the scripts minified
// (white space and comments; names kept: build.mjs's minifyScripts): 381,800, wallet 237,900;
// wallet 237,800 when a wallet stopped decompressing its device key (and long strings crossed
// through the tape's decoder); down 1.5 / 1.35 KB with each entry bundled into one script:
// 380,400, wallet 236,500; built without reference types, so that the full package's module is
// also the mini-program's: 380,500, wallet 236,200; the Node entry reading its module through
// process.getBuiltinModule (2.5 ms sooner in a fresh process): 380,700, wallet 236,300; up 0.2 /
// 0.3 KB for amount texts written from a stack array and powers of ten from a table (native
// convert 3.9x -> 3.6x rust_decimal, a price list 5-10 % faster per amount from JS): 380,900,
// wallet 236,600; 380,800, wallet 236,500, when a price list read whether an amount is its own
// text while parsing it and the fractions' texts took their powers of ten from the same table;
// up 40 B for Node 18, where initAsync() installs node:crypto's webcrypto as the global crypto
// that key generation draws from (it failed with random_unavailable there): 380,900, wallet 236,600.
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const built = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "dist");

export function entries(dist = built) {
  return [
    {
      name: "crosspay",
      wasm: join(dist, "crosspay_wasm_bg.wasm"),
      js: [join(dist, "node.js")],
      // 380,900 → 383,200 (2026-12-06) for receipt texts held inline (compact_str): `convert` 17 %
      // faster here, a third fewer instructions natively (docs/benchmarks.md); → 384,300 for a price
      // list's texts in one buffer each (TextList: natively 1.9× faster, convertMany 6 %); → 385,000
      // for a price list's amounts read once, as bytes, and handed back as its sources when they are
      // the texts given (convertMany about 0.75× the time an amount); → 385,100 for every other array
      // of strings (allocate's ratios, a verifier's seeds) read once too; 364,200 (2026-12-07) with
      // std built from source so that a panic traps at once (build.mjs's rustflags): no panic
      // message formatting or locations in the module, 20.9 KB less; 364,100 with source paths
      // as `crates/…` and `rust/…` instead of the builder's folders; 364,200 for the device key a
      // wallet keeps once a host signs a code (`prepare` 0.085× the time); 365,200 for the hot
      // functions of a conversion and a price list optimised for speed (`#[optimize(speed)]`:
      // `convert` about 0.95×, `convertMany` 0.9× the time); 364,100 with std's `alloc` and `std`
      // at opt-level "z" (build.mjs's std(): 1.2 KB less, as fast); 360,000 with the tape's
      // writer and its error written once, not once for each type of record handed to JS (4 KB);
      // 358,700 with a JWS header read as text (no second copy of serde_json's parser for bytes);
      // 358,800 with a key's SPKI written as its fixed prefix and point (the PEM export keeps the
      // DER encoder here; the wallet entry and the fallback lose it); 352,200 with RFC 3339 read
      // and written by core itself, not by the `time` crate (6.6 KB); 352,400 for core's own
      // generator table in affine form and the signature built on it (keys/generator.rs: signing
      // 6-11 % faster); 352,500 with its lookups and additions optimised for speed (3-6 % again);
      // 351,900 with PKCS#8 and SEC1 documents read by core (keys/private.rs: the embedded point
      // checked against the key's own, no second multiplication without a table); 347,000 with std
      // built with its feature `optimize_for_size` (build.mjs's std(): 4.9 KB, as fast); 337,800
      // with core's own integers of any size instead of num-bigint (money/bigint.rs: 9.2 KB) and
      // allocations in 128 bits when they fit (allocate 1.2-1.7x faster from JS).
      // 337,700 with the limb arithmetic in its own file and one in-place addition; 337,200 with
      // base64 through base64ct, the one PEM brings, and short texts decoded from char codes;
      // 337,100 with the glue's DataView renewed by its buffer's length; 337,200 for a result's
      // tape decoded where it lies in wasm memory, its length checked (currencyInfo 1.1x); 337,300
      // for short ASCII strings a call returns made from their char codes (fromMinorUnits 1.4x);
      // 302,100 with every function inlinable across crates (build.mjs's inlining(): 35 KB, core's
      // float formatter among it; `convert` 5-15 % faster); 301,000 with a JWK, a JWS header and
      // enroll JSON read by one flat-object reader instead of serde_json's Value (1.1 KB); 297,800
      // with ISO 4217 codes looked up by a loop over iso_currency's table (3.2 KB); 295,600 with the
      // imports named a, b, … (build.mjs's shortImportNames: 2.3 KB); 294,500 with the host scripts'
      // own names shortened, each class named as the API names it (1.1 KB); 292,700 with a
      // signature's DER read and written by core (1.8 KB; the der crate stays for keys); 292,800
      // for a flat JSON object's members capped at 64 (its duplicate check was quadratic);
      // 296,000 for `convert`'s quick path (3.2 KB: core's GivenRatePlan, the raw exports and
      // tape.js's receipt from a template; `convert` about 4.5x as fast); 298,300 for
      // `convertMany`'s (2.3 KB: the list's raw export, a second copy of a price list's per-amount
      // arithmetic inlined into it, and tape.js's quickConvertMany; a list of texts 1.6x as fast);
      // 298,500 with its amounts read as bytes, each after its length, and its targets copied
      // into a buffer kept from call to call (0.2 KB; about 7 % faster); 298,600 with its targets
      // sent each after its length byte, made from their char codes, and written as bytes, not
      // checked as UTF-8 (0.1 KB; about 15 % faster); 299,100 with a list's amount read and its
      // target worked out in 64 bits inline (0.5 KB; about 10 % faster); 299,400 with an amount's
      // digits written two at a time, the point not checked for at each (0.3 KB; 4-5 % faster);
      // 299,500 for a long list's buffers let go at the next call that needs much less; 300,900
      // for a rate sheet's price lists by the same path (1.5 KB: core's RateSheet::list_plan, the
      // façade's branch for the glue's marker; a sheet's list about 2x as fast).
      budget: 300_900,
      target: 150_000,
    },
    {
      // The wallet entry (bindings/wasm without default features): its first budget is the size
      // it was built at (2026-12-03).
      name: "crosspay/wallet",
      wasm: join(dist, "wallet", "crosspay_wasm_bg.wasm"),
      js: [join(dist, "wallet", "node.js")],
      // 236,600 → 238,500 for the same inline receipt texts, → 239,500 for TextList, → 240,300 for
      // the amounts read once and handed back (as the full package's); 222,400 when a panic traps
      // at once (17.9 KB less); 222,300 with source paths remapped; 222,400 for the device key
      // kept; 223,400 for the hot functions optimised for speed; 222,100 with `alloc` and `std`
      // at "z"; 220,400 with the tape's writer written once; 218,400 with a key's SPKI (its id's
      // input) written as its fixed prefix and point: no DER encoder in the wallet (2 KB); 212,200
      // with RFC 3339 read and written by core itself (6.2 KB); 212,500 for core's generator table
      // (signing 6-11 % faster); 212,600 with its loop optimised for speed; 209,600 with std's
      // `optimize_for_size` (2.9 KB); 200,400 with core's own integers of any size (9.1 KB);
      // 200,100 with base64 through base64ct; 200,200 for short returned strings from char codes;
      // 179,600 with every function inlinable across crates (20.5 KB); 179,700 for one message
      // for 64-bit integers past JavaScript's safe range, i64's and u64's (11 B); 178,400 with a
      // JWK, a JWS header and enroll JSON read without serde_json's Value (1.2 KB); 175,400 with
      // ISO 4217 codes looked up by a loop over iso_currency's table (3.0 KB); 173,100 with the
      // imports named a, b, … (2.3 KB); 172,400 with the host scripts' own names shortened (0.8 KB);
      // 169,300 with a signature's DER read and written by core: no der crate in it (3.1 KB);
      // 172,200 for `convert`'s quick path (2.9 KB; `convert` about 4.5x as fast); 174,400 for
      // `convertMany`'s (2.2 KB; a list of texts 1.6x as fast); 174,300 with its amounts read as
      // bytes; 174,500 with its targets made from their char codes and written as bytes; 175,000
      // with a list's amount read and its target worked out in 64 bits inline; 175,100 with an
      // amount's digits written two at a time; 176,700 for a rate sheet's price lists by the same
      // path (1.5 KB).
      budget: 176_700,
      target: 90_000,
    },
  ];
}

// The mini-program folder (package.json "miniprogram"): every file in it, as the hosts count a
// code package (uncompressed bytes; the module is already .wasm.br), and the hosts' limit for a
// main package. Two budgets, both enforced: the folder without the pure-JS fallback (what a
// project that leaves it out with packOptions.ignore carries: well under the limit; 468,000 →
// 430,000 when the mini-program got its own module and minified scripts, 427,900 without Unicode's
// case tables, 428,300 with the rates a sheet keeps, 429,600 with cross rates in 128 bits, 430,400
// with reverse conversions in 128 bits, 436,800 with price lists in minor units, 436,700 after,
// 436,950 when a wallet stopped decompressing its device key: 0.3 KB, a new Wallet about 1 ms
// sooner in a fresh instance; 435,300 with sha2's compact SHA-256; 439,100 with the full package's
// module, which signs 2.2× as fast as the one built for size; 439,300 with amount texts written
// from a stack array; 440,700 with receipt texts held inline, compact_str; 441,800 with a price
// list's texts in one buffer, TextList; 442,700 with the amounts read once and handed back; 459,900
// with p256's base-point table built at build time, 17 KB once compressed with its points' Z = 1: a
// first key no longer builds it, 5.2 → 2.1 ms through the module here, 817 → 126 ms through the
// fallback in Node without a JIT); 444,200 when a panic traps at once, 15.7 KB less; 444,000 with source paths remapped, 444,200 with the device key kept, 444,800 with the hot
// functions optimised for speed, 444,400 with `alloc` and `std` at "z", 442,400 with the tape's writer written once, 442,000 with a JWS header read as text, 441,800 with SPKI as prefix and point, 436,800 with RFC 3339 in core, no `time` crate, 436,900 with core's generator table, 437,000 with its loop optimised for speed, 436,600 with PKCS#8 and SEC1 read by core, 433,300 with std's `optimize_for_size`, 426,400 with core's own integers of any size, 425,700 with base64 through base64ct, 425,900 for a result's tape decoded where it lies, its length checked, 426,200 for a real module's memory views renewed by their length, not an API getter, 426,600 for short returned strings from char codes, 405,300 with every function inlinable across crates, 404,500 without serde_json's Value for flat objects, 403,100 with ISO 4217 codes looked up by a loop, 403,200 for a wrong argument's message naming its class as the API does, not as a bundle renamed it, 401,900 with a signature's DER read and written by core, 402,000 for a flat JSON object's members capped at 64, 408,700 for `convert`'s quick path: tape.js's receipt from a template and the module's raw exports, 408,800 for its state kept per module instance, 408,600 with tape.js's two ways to make a text made one, 413,300 for `convertMany`'s quick path, 4.7 KB, 413,400 with its amounts read as bytes, 413,600 with its targets made from their char codes, 414,000 with its arithmetic inline, 414,100 with digits written two at a time, 414,300 for a long list's buffers let go, 416,200 for a rate sheet's price lists by the same path, 416,600 with the quick paths in their own file: the module's bytes as many, brotli 0.4 KB more), and the
// fallback file
// (binaryen wasm2js of the module, issue 14), whose sum with the rest must stay under the limit
// (1,472,300 since the compact SHA-256, 12 KB less; 1,473,400 with amount texts written from a
// stack array and powers of ten from a table; 1,472,600 with that table used for the fractions' texts too; 1,483,400 with receipt texts held
// inline, compact_str; 1,487,000 with TextList; 1,489,400 with the amounts read once; 1,524,100 with
// p256's base-point table built at build time, as base64; 1,446,600 when a panic traps at once; 1,445,000 with source paths remapped; 1,422,300 with std at the fallback profile's "z"; 1,418,700 with the tape's writer written once; 1,404,200 with a JWS header read as text; 1,392,500 with SPKI as prefix and point; 1,361,900 with RFC 3339 in core; 1,380,000 with core's generator table, the mixed addition and its lookups in wasm2js's 32-bit lowering, the table's data 10 KB less as base64: signing 12 % faster there; 1,378,000 with PKCS#8 and SEC1 read by core; 1,362,000 with std's `optimize_for_size`, 16 KB less; 1,310,000 with core's own integers of any size, 52 KB less; 1,308,300 with base64 through base64ct; 1,125,000 with every function inlinable across crates, 183 KB less; 1,119,400 without serde_json's Value for flat objects; 1,104,000 with ISO 4217 codes looked up by a loop, 15 KB less; 1,086,500 with a signature's DER read and written by core, 17.5 KB less; 1,086,600 for a flat JSON object's members capped at 64; 1,095,600 for `convert`'s quick path, 9 KB; 1,103,500 for `convertMany`'s, 7.9 KB; 1,102,900 with its amounts read as bytes; 1,103,300 with its targets made from their char codes; 1,105,100 with its arithmetic inline; 1,105,900 with digits written two at a time; 1,106,000 for a long list's buffers let go; 1,111,700 for a rate sheet's price lists by the same path).
export function miniprogramFolder(dist = join(built, "..", "miniprogram_dist")) {
  return { dir: dist, budget: 416_600, fallback: "crosspay_fallback.js", fallbackBudget: 1_111_700, limit: 2 * 1024 * 1024 };
}
