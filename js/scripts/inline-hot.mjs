// Inlines compiler_builtins' 128-bit multiplication (`__multi3`, which LLVM calls for every
// 64×64→128-bit limb product: wasm has no wide multiply) into the P-256 arithmetic, and only
// there. Node 20's V8 does not inline wasm calls, and a fifth of a signature was spent calling
// it: inlined, signing is about 10 % and verifying about 15 % faster (docs/benchmarks.md). The
// one-off table builder and point decompression (522 and 52 of the 741 calls, run once per process
// or key) keep the call, so the module grows by 4.4 KB gzip instead of 16. The rewrite is binaryen's own
// inlining pass on a copy of the function: the calls are renamed to the copy, the copy is the
// only function allowed to inline, and the build fails if the calls it expects are not there.
import binaryen from "binaryen";

const HELPER = "__multi3";
const COPY = "__multi3_crypto";
// Functions whose calls are inlined: the P-256 field, scalar and point arithmetic...
const HOT = /p256|primeorder|primefield|crypto_bigint|elliptic_curve|ecdsa/;
// ...except decompressing a key, which runs rarely. (The generator table is built once, by core's
// own code, core/src/keys/generator.rs, which the pattern above does not match.)
const COLD = /decompress/;

/** Where each kind of expression keeps its children (binaryen.getExpressionInfo's fields). */
const CHILDREN = new Map([
  [binaryen.BlockId, ["children"]],
  [binaryen.IfId, ["condition", "ifTrue", "ifFalse"]],
  [binaryen.LoopId, ["body"]],
  [binaryen.BreakId, ["condition", "value"]],
  [binaryen.SwitchId, ["condition", "value"]],
  [binaryen.CallId, ["operands"]],
  [binaryen.CallIndirectId, ["target", "operands"]],
  [binaryen.LocalSetId, ["value"]],
  [binaryen.GlobalSetId, ["value"]],
  [binaryen.LoadId, ["ptr"]],
  [binaryen.StoreId, ["ptr", "value"]],
  [binaryen.UnaryId, ["value"]],
  [binaryen.BinaryId, ["left", "right"]],
  [binaryen.SelectId, ["ifTrue", "ifFalse", "condition"]],
  [binaryen.DropId, ["value"]],
  [binaryen.ReturnId, ["value"]],
  [binaryen.MemoryGrowId, ["delta"]],
  [binaryen.MemoryCopyId, ["dest", "source", "size"]],
  [binaryen.MemoryFillId, ["dest", "value", "size"]],
  [binaryen.TableGetId, ["index"]],
  [binaryen.TableSetId, ["index", "value"]],
  [binaryen.TableGrowId, ["value", "delta"]],
  [binaryen.RefIsNullId, ["value"]],
  [binaryen.TupleMakeId, ["operands"]],
  [binaryen.TupleExtractId, ["tuple"]],
  ...["Const", "LocalGet", "GlobalGet", "Nop", "Unreachable", "MemorySize", "RefNull", "RefFunc", "TableSize"].map((k) => [binaryen[`${k}Id`], []]),
]);

/** Children of an expression whose kind is in CHILDREN. */
function children(info) {
  const out = [];
  for (const f of CHILDREN.get(info.id)) {
    const v = info[f];
    if (Array.isArray(v)) out.push(...v);
    else if (v) out.push(v);
  }
  return out;
}

/**
 * Returns the module with `__multi3` inlined into the P-256 arithmetic. `bytes` is wasm-bindgen's
 * output, which still has its name section. Throws when the module does not look as expected.
 */
export function inlineHot(bytes) {
  const m = binaryen.readBinary(bytes);
  try {
    const helper = m.getFunction(HELPER);
    if (!helper) throw new Error(`inline-hot: the module has no ${HELPER}`);
    const h = binaryen.getFunctionInfo(helper);
    m.addFunction(COPY, h.params, h.results, h.vars, m.copyExpression(h.body));
    let renamed = 0;
    const names = [];
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const f = m.getFunctionByIndex(i);
      const info = binaryen.getFunctionInfo(f);
      names.push(info.name);
      if (!info.body || !HOT.test(info.name) || COLD.test(info.name)) continue;
      const stack = [info.body];
      while (stack.length) {
        const e = stack.pop();
        const kind = binaryen.getExpressionId(e);
        if (!CHILDREN.has(kind)) throw new Error(`inline-hot: an expression of kind ${kind} this walk does not know`);
        if (CHILDREN.get(kind).length === 0) continue;
        const ei = binaryen.getExpressionInfo(e);
        if (ei.id === binaryen.CallId && ei.target === HELPER) {
          binaryen.Call.setTarget(e, COPY);
          renamed++;
        }
        stack.push(...children(ei));
      }
    }
    // The arithmetic makes 167 of the module's 741 calls (p256 0.14, crypto-bigint 0.7).
    if (renamed < 50) throw new Error(`inline-hot: expected the P-256 arithmetic to call ${HELPER}, found ${renamed} calls`);
    for (const name of names) {
      if (name === COPY) continue;
      binaryen.setPassArgument("no-inline", name);
      m.runPasses(["no-inline"]);
    }
    binaryen.clearPassArguments();
    const before = binaryen.getAlwaysInlineMaxSize();
    binaryen.setAlwaysInlineMaxSize(1000);
    try {
      m.runPasses(["inlining"]);
    } finally {
      binaryen.setAlwaysInlineMaxSize(before);
    }
    if (m.getFunction(COPY)) {
      // Inlined everywhere, the copy is unused: anything left means a call was not inlined.
      m.runPasses(["remove-unused-module-elements"]);
      if (m.getFunction(COPY)) throw new Error(`inline-hot: ${COPY} was not inlined everywhere`);
    }
    return { bytes: m.emitBinary(), inlined: renamed };
  } finally {
    m.dispose();
  }
}
