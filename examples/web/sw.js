// Keeps the pages, the crosspay module and its script for offline use: cache first, then the
// network (whose answer refreshes the cache). The list is everything the pages load; a new list
// gets a new cache name, and the old caches go when this worker takes over.
const CACHE = "crosspay-pages-v2";
const FILES = [
  "wallet.html", "wallet.js", "gate.html", "gate.js", "checkout.html", "checkout.js", "common.js", "demo-data.js", "style.css",
  "/crosspay/index.js", "/crosspay/crosspay_wasm_bg.wasm", "/vendor/jsQR.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const stale = caches.keys().then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))));
  event.waitUntil(stale.then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(event.request, { ignoreSearch: true });
      const fresh = fetch(event.request)
        .then((response) => {
          if (response.ok) cache.put(event.request, response.clone());
          return response;
        })
        .catch(() => undefined);
      return hit ?? (await fresh) ?? new Response("offline", { status: 503 });
    }),
  );
});
