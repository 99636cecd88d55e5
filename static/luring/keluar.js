/* Logging out wipes the phone's offline copy (ROLES.md row "Offline copy on the phone"); the
   records not yet sent are kept, and the kader is warned about them first. */
(function () {
  "use strict";
  if (!window.indexedDB) return;
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches("form[data-keluar]") || form.dataset.siap === "1") return;
    e.preventDefault();
    var lanjut = function () { form.dataset.siap = "1"; form.submit(); };
    var r = indexedDB.open("rumahdataku-luring", 1);
    r.onupgradeneeded = function () {
      r.result.createObjectStore("salinan");
      r.result.createObjectStore("meta");
      r.result.createObjectStore("antrean", { keyPath: "uuid" });
    };
    r.onerror = lanjut;
    r.onsuccess = function () {
      var d = r.result;
      var hitung = d.transaction("antrean").objectStore("antrean").count();
      hitung.onsuccess = function () {
        var n = hitung.result;
        if (n > 0 && !window.confirm(
          "Masih ada " + n + " catatan luring yang belum terkirim. Catatan itu tetap disimpan di " +
          "ponsel ini dan dikirim setelah Anda masuk lagi. Salinan data keluarga di ponsel dihapus. Tetap keluar?")) {
          d.close();
          return;
        }
        var tx = d.transaction("salinan", "readwrite");
        tx.objectStore("salinan").clear();
        tx.oncomplete = function () {
          d.close();
          (window.caches ? caches.delete("luring-halaman") : Promise.resolve()).then(lanjut, lanjut);
        };
        tx.onerror = lanjut;
      };
      hitung.onerror = lanjut;
    };
  });
})();
