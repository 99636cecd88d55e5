/* Rumah Dataku's service worker (luring/views.py: service_worker). Workbox from our own static
   files (static/vendor/workbox/, never its CDN). Caches the offline app's page and files only:
   the data lives in IndexedDB (luring/salinan.py), never in cached HTML pages. */
importScripts("{{ workbox }}");
workbox.setConfig({ modulePathPrefix: "{{ workbox_folder }}", debug: false });
workbox.core.setCacheNameDetails({ prefix: "rumahdataku" });
workbox.core.clientsClaim();
self.skipWaiting();

workbox.precaching.precacheAndRoute([{% for b in berkas %}
  { url: "{{ b.url }}", revision: "{{ b.revisi }}" },{% endfor %}
]);

// The app page: from the network when there is one (a fresh CSRF token, a login if the session
// expired), else the copy kept from the last visit. The cache is deleted at logout.
workbox.routing.registerRoute(
  function (o) { return o.request.mode === "navigate" && o.url.pathname === "{{ aplikasi }}"; },
  new workbox.strategies.NetworkFirst({
    cacheName: "luring-halaman", networkTimeoutSeconds: 5, matchOptions: { ignoreVary: true }
  })
);
