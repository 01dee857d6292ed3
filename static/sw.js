// kopilka's service worker: the pages a teacher has opened and the event
// packs downloaded stay readable without a network — a seminar in a
// school where the phone finds no signal. Pages come from the network
// whenever it answers, so nothing is shown older than the site; the cache
// is only the fallback. The CMS (/app/), the API (/api/) and the admin
// (/_/) are never cached, nor even seen: their requests go straight to the
// network.
"use strict";

var VERSION = "kopilka-1";
var PAGES = VERSION + "-pages";   // pages and packs, network first
var ASSETS = VERSION + "-assets"; // styles, scripts, images, the search index
var MAX_PAGES = 60;
var MAX_ASSETS = 300;
var MAX_BYTES = 50 * 1024 * 1024; // a bigger pack is left to the download
var OFFLINE = "/offline/";

function isPrivate(path) {
  return path.indexOf("/app/") === 0 || path === "/app" || path.indexOf("/api/") === 0 || path.indexOf("/_/") === 0;
}

// fingerprinted files (name.<sha256>.ext) never change: the cache answers
function immutable(path) {
  return /\.[0-9a-f]{64}\.[a-z0-9]+$/.test(path) || path.indexOf("/qr/") === 0;
}

function trim(name, max) {
  return caches.open(name).then(function (c) {
    return c.keys().then(function (keys) {
      var extra = keys.length - max;
      var gone = [];
      for (var i = 0; i < extra; i++) gone.push(c.delete(keys[i]));
      return Promise.all(gone);
    });
  });
}

function keep(name, max, request, response) {
  if (!response || !response.ok || response.type !== "basic") return;
  var size = Number(response.headers.get("Content-Length") || 0);
  if (size > MAX_BYTES) return;
  var copy = response.clone();
  return caches.open(name).then(function (c) {
    // a page put again goes to the end: the oldest are dropped first
    return c.delete(request).then(function () { return c.put(request, copy); });
  }).then(function () { return trim(name, max); }).catch(function () {});
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(PAGES).then(function (c) { return c.add(OFFLINE); }).catch(function () {}).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(VERSION + "-") !== 0; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || isPrivate(url.pathname)) return;
  var page = request.mode === "navigate" || /\.zip$/.test(url.pathname);
  if (immutable(url.pathname)) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (r) { event.waitUntil(keep(ASSETS, MAX_ASSETS, request, r)); return r; });
    }));
    return;
  }
  var cache = page ? PAGES : ASSETS, max = page ? MAX_PAGES : MAX_ASSETS;
  event.respondWith(fetch(request).then(function (r) {
    event.waitUntil(keep(cache, max, request, r));
    return r;
  }).catch(function (err) {
    return caches.match(request, { ignoreVary: true }).then(function (hit) {
      if (hit) return hit;
      if (request.mode === "navigate") {
        return caches.match(OFFLINE).then(function (o) { return o || Promise.reject(err); });
      }
      throw err;
    });
  }));
});
