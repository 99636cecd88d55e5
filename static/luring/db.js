/* The phone's store (IndexedDB "rumahdataku-luring"): the offline copy ("salinan", wiped at
   logout and after 7 days without a login) and the records waiting to be sent ("antrean", kept
   until the server has them or the kader deletes one). Also keeps every element marked
   data-antrean-jumlah showing how many records wait (templates/luring/_antrean.html). */
(function (global) {
  "use strict";
  var NAMA_DB = "rumahdataku-luring";
  var HARI_SIMPAN = 7;
  var db = null;

  function buka() {
    if (db) return Promise.resolve(db);
    return new Promise(function (ok, gagal) {
      if (!global.indexedDB) { gagal(new Error("IndexedDB tidak tersedia")); return; }
      var r = indexedDB.open(NAMA_DB, 1);
      r.onupgradeneeded = function () {
        var d = r.result;
        d.createObjectStore("salinan");
        d.createObjectStore("meta");
        d.createObjectStore("antrean", { keyPath: "uuid" });
      };
      r.onsuccess = function () { db = r.result; ok(db); };
      r.onerror = function () { gagal(r.error); };
    });
  }

  function aksi(store, mode, fn) {
    return buka().then(function (d) {
      return new Promise(function (ok, gagal) {
        var tx = d.transaction(store, mode);
        var hasil;
        var req = fn(tx.objectStore(store));
        if (req) req.onsuccess = function () { hasil = req.result; };
        tx.oncomplete = function () { ok(hasil); };
        tx.onerror = function () { gagal(tx.error); };
        tx.onabort = function () { gagal(tx.error); };
      });
    });
  }

  var RD = {
    ambil: function (store, kunci) { return aksi(store, "readonly", function (s) { return s.get(kunci); }); },
    taruh: function (store, nilai, kunci) {
      return aksi(store, "readwrite", function (s) { return kunci === undefined ? s.put(nilai) : s.put(nilai, kunci); });
    },
    hapus: function (store, kunci) { return aksi(store, "readwrite", function (s) { return s.delete(kunci); }); },
    semua: function (store) { return aksi(store, "readonly", function (s) { return s.getAll(); }); },
    kosongkan: function (store) { return aksi(store, "readwrite", function (s) { return s.clear(); }); },

    antrean: function () {
      return RD.semua("antrean").then(function (a) {
        return a.sort(function (x, y) { return x.dibuat < y.dibuat ? -1 : 1; });
      });
    },
    hitungAntrean: function () { return aksi("antrean", "readonly", function (s) { return s.count(); }); },
    tampilkanJumlah: function () {
      return RD.hitungAntrean().then(function (n) {
        document.querySelectorAll("[data-antrean-jumlah]").forEach(function (el) { el.textContent = String(n); });
        document.querySelectorAll("[data-antrean]").forEach(function (el) { el.classList.toggle("ada-antrean", n > 0); });
        return n;
      }, function () { return 0; });
    },
    // The copy is wiped at logout (the queue stays) and after 7 days without a login.
    hapusSalinan: function () {
      return RD.kosongkan("salinan").then(function () {
        if (global.caches) return caches.delete("luring-halaman");
      });
    },
    tandaiMasuk: function () { return RD.taruh("meta", Date.now(), "terakhir_masuk"); },
    buangSalinanLama: function () {
      return RD.ambil("meta", "terakhir_masuk").then(function (t) {
        if (t && Date.now() - t > HARI_SIMPAN * 86400000) return RD.hapusSalinan().then(function () { return true; });
        return false;
      });
    },
    uuid: function () {
      if (global.crypto && crypto.randomUUID) return crypto.randomUUID();
      var b = new Uint8Array(16);
      crypto.getRandomValues(b);
      b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
      var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
      return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
    }
  };
  global.RDLuring = RD;

  function awal() {
    var bukan = document.querySelectorAll("[data-luring-mati]");
    if (!global.isSecureContext) bukan.forEach(function (el) { el.hidden = false; });
    if (document.querySelector("[data-antrean-jumlah]")) RD.tampilkanJumlah();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", awal);
  else awal();
})(window);
