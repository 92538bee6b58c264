// A small static server for the example pages, on loopback only: examples/web/ at /, the npm
// package's dist/ at /crosspay/, and jsQR (the gate's image decoder) at /vendor/jsQR.js.
//
//   node examples/web/serve.mjs [--port N]     (after node js/scripts/build.mjs; then open the URL)
//
// The tests (js/test/pages.test.mjs) start it with the installed package instead.
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Starts the server; resolves to { url, close() }. */
export function startServer({ port = 0, pkgDist = join(repo, "js", "dist"), jsqr = join(repo, "js", "node_modules", "jsqr", "dist", "jsQR.js") } = {}) {
  const roots = [
    ["/crosspay/", pkgDist],
    ["/", here],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    let file = null;
    if (path === "/vendor/jsQR.js") file = jsqr;
    else {
      const [prefix, root] = roots.find(([p]) => path.startsWith(p));
      const rel = path.slice(prefix.length) || "index.html";
      const candidate = normalize(join(root, rel));
      if (candidate.startsWith(root + sep) || candidate === root) file = candidate;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile() || file.endsWith("serve.mjs")) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    res.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      done({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const { url } = await startServer({ port: i > 0 ? Number(process.argv[i + 1]) : 8080 });
  console.log(`crosspay example pages: ${url}/checkout.html  ${url}/wallet.html  ${url}/gate.html  (Ctrl-C stops)`);
}
