{% load static %}// antq's service worker ({{ version }}). Static files come from the cache;
// pages come from the network, and the pages that work offline (they answer
// with "X-Antq-Offline-Page: 1": the monthly report, the self-assessment) are
// kept, so they open without a connection. Nothing else is stored.
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = VERSION + "-static";
const PAGE_CACHE = VERSION + "-pages";
const OFFLINE_URL = "{% url 'offline' %}";
const STATIC_FILES = [
  OFFLINE_URL,
  "{% static 'antq/app.css' %}",
  "{% static 'antq/app.js' %}",
  "{% static 'antq/offline.js' %}",
  "{% static 'django_htmx/htmx-2.min.js' %}",
  "{% static 'django_htmx/django-htmx.js' %}",
  "{% static 'antq/icons/antq-192.png' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(STATIC_FILES)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => !k.startsWith(VERSION)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") caches.delete(PAGE_CACHE);  // signing out
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.headers.get("X-Antq-Offline-Page") === "1") {
          const copy = response.clone();
          caches.open(PAGE_CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(url.pathname, { cacheName: PAGE_CACHE })
          .then((hit) => hit || caches.match(OFFLINE_URL))
      )
  );
});
