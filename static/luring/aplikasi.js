/* The offline app (templates/luring/aplikasi.html): keeps the user's scope in IndexedDB, records
   posyandu sessions, group meetings, KB visits, pregnancies and births without a signal, and
   sends them one by one when it returns (luring/kirim.py). A record leaves the phone only when
   the server answered that it holds it, or when the kader deletes it after a conflict. */
(function () {
  "use strict";
  var akar = document.getElementById("luring");
  if (!akar) return;
  var RD = window.RDLuring;
  var A = window.RDAntropometri;
  var salinan = null;
  var token = (akar.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var sedangKirim = false;
  var aktif = akar.dataset.aktif === "1" && window.isSecureContext;

  // --- small helpers -------------------------------------------------------------------------
  function el(tag, attr, isi) {
    var e = document.createElement(tag);
    Object.keys(attr || {}).forEach(function (k) {
      if (k === "teks") e.textContent = attr[k];
      else if (k in e && typeof attr[k] !== "string") e[k] = attr[k];
      else e.setAttribute(k, attr[k]);
    });
    (isi || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function layar(nama) { return akar.querySelector('[data-layar="' + nama + '"]'); }
  function hariIni() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function tglTampil(iso) {
    if (!iso) return "";
    var b = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
    return +iso.slice(8, 10) + " " + b[+iso.slice(5, 7) - 1] + " " + iso.slice(0, 4);
  }
  function koma(x) { return x === null ? "–" : String(x).replace(".", ","); }
  function pesan(t) { akar.querySelector("[data-pesan-kirim]").textContent = t; }
  function pilihan(daftar, kosong) {
    var s = el("select");
    if (kosong) s.appendChild(el("option", { value: "", teks: kosong }));
    daftar.forEach(function (p) { s.appendChild(el("option", { value: String(p[0]), teks: p[1] })); });
    return s;
  }
  function label(teks, input) { return el("label", {}, [teks + " ", input]); }

  function tampilSinyal() {
    akar.querySelector("[data-sinyal]").textContent = navigator.onLine ? "Ada sinyal" : "Tanpa sinyal (luring)";
  }
  function tampilSalinan() {
    var p = akar.querySelector("[data-info-salinan]");
    if (!salinan) { p.textContent = "Belum ada salinan data di ponsel ini. Buka halaman ini saat ada sinyal."; return; }
    p.textContent = "Salinan di ponsel: " + salinan.keluarga.length + " keluarga, " + salinan.kelompok.length +
      " kelompok, diunduh " + tglTampil(salinan.diunduh.slice(0, 10)) + " pukul " + salinan.diunduh.slice(11, 16) + ".";
  }

  // --- server ----------------------------------------------------------------------------------
  function perluMasuk(n) {
    var p = akar.querySelector("[data-pesan-kirim]");
    p.textContent = "";
    p.appendChild(document.createTextNode("Sesi Anda sudah berakhir. " + (n ? n + " catatan tetap tersimpan di ponsel. " : "")));
    p.appendChild(el("a", { href: akar.dataset.masuk, teks: "Masuk lagi untuk mengirimnya" }));
  }
  function json(r) { return (r.headers.get("content-type") || "").indexOf("json") >= 0; }

  async function unduh() {
    if (!navigator.onLine) { pesan("Tanpa sinyal: salinan diperbarui saat sinyal kembali."); return; }
    var r;
    try { r = await fetch(akar.dataset.salinan, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" }); }
    catch (e) { pesan("Salinan belum bisa diunduh (koneksi terputus)."); return; }
    if (r.redirected || !json(r)) { perluMasuk(await RD.hitungAntrean()); return; }
    if (!r.ok) { pesan("Salinan belum bisa diunduh (" + r.status + ")."); return; }
    var data = await r.json();
    await RD.taruh("salinan", data, "data");
    await RD.tandaiMasuk();
    salinan = data;
    tampilSalinan();
    gambarSemua();
  }

  async function tokenBaru() {
    var r = await fetch(akar.dataset.aplikasi, { credentials: "same-origin", cache: "no-store" });
    if (r.redirected && new URL(r.url).pathname !== akar.dataset.aplikasi) return null;
    if (!r.ok) return "";
    var doc = new DOMParser().parseFromString(await r.text(), "text/html");
    var i = doc.querySelector("[name=csrfmiddlewaretoken]");
    return i ? i.value : "";
  }

  function kirimSatu(rec) {
    return fetch(akar.dataset.kirim, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ uuid: rec.uuid, jenis: rec.jenis, data: rec.data, paksa: !!rec.paksa })
    });
  }

  async function kirimSemua() {
    if (sedangKirim || !navigator.onLine || !aktif) return;
    sedangKirim = true;
    var terkirim = 0;
    try {
      var daftar = (await RD.antrean()).filter(function (r) { return r.status === "menunggu"; });
      if (!daftar.length) return;
      pesan("Mengirim " + daftar.length + " catatan…");
      var t;
      try { t = await tokenBaru(); } catch (e) { pesan("Koneksi terputus; dikirim lagi saat sinyal kembali."); return; }
      if (t === null) { perluMasuk(await RD.hitungAntrean()); return; }
      if (t) token = t;
      await RD.tandaiMasuk();
      for (var i = 0; i < daftar.length; i++) {
        var rec = daftar[i];
        var r;
        try { r = await kirimSatu(rec); } catch (e) { pesan("Koneksi terputus; sisanya dikirim lagi nanti."); return; }
        if (r.redirected) { perluMasuk(await RD.hitungAntrean()); return; }
        if (!json(r) && r.status === 403) {
          // A refused CSRF token (e.g. after a new login): fetch a fresh one and try once more.
          t = await tokenBaru();
          if (t === null) { perluMasuk(await RD.hitungAntrean()); return; }
          token = t || token;
          r = await kirimSatu(rec);
          if (r.redirected) { perluMasuk(await RD.hitungAntrean()); return; }
        }
        var j = json(r) ? await r.json() : { status: "ditolak", pesan: [r.status === 404 ? "Data tidak ditemukan atau di luar wilayah Anda." : "Peran Anda tidak diizinkan mengirim catatan ini."] };
        if (j.status === "tersimpan" || j.status === "sudah") {
          await RD.hapus("antrean", rec.uuid);
          terkirim++;
        } else {
          rec.status = j.status === "konflik" ? "konflik" : "ditolak";
          rec.alasan = j.alasan || [];
          rec.pesan = j.pesan || [];
          rec.paksa = false;
          await RD.taruh("antrean", rec);
        }
        await RD.tampilkanJumlah();
      }
      var sisa = await RD.hitungAntrean();
      pesan(terkirim + " catatan terkirim." + (sisa ? " " + sisa + " catatan perlu Anda periksa di Antrean." : ""));
    } finally {
      sedangKirim = false;
      await RD.tampilkanJumlah();
      gambarAntrean();
    }
  }

  async function antrekan(jenis, data, ringkas) {
    var rec = { uuid: RD.uuid(), jenis: jenis, data: data, ringkas: ringkas, dibuat: new Date().toISOString(), status: "menunggu" };
    await RD.taruh("antrean", rec);
    await RD.tampilkanJumlah();
    pesan("Tersimpan di ponsel: " + ringkas + ". Menunggu dikirim.");
    gambarAntrean();
    kirimSemua();
    return rec;
  }

  // --- screens -----------------------------------------------------------------------------------
  function kosongkan(s) { while (s.firstChild) s.removeChild(s.firstChild); return s; }
  function belumAda(s) { s.appendChild(el("p", { teks: "Belum ada salinan data. Buka halaman ini saat ada sinyal." })); }
  function kelompokSaja(posyandu) { return salinan.kelompok.filter(function (g) { return g.posyandu === posyandu; }); }

  function gambarPosyandu() {
    var s = kosongkan(layar("posyandu"));
    s.appendChild(el("h2", { teks: "Sesi posyandu" }));
    if (!salinan) return belumAda(s);
    var daftar = kelompokSaja(true);
    if (!daftar.length) { s.appendChild(el("p", { teks: "Anda belum menjadi kader posyandu mana pun." })); return; }
    var pilihKelompok = pilihan(daftar.map(function (g) { return [g.id, g.nama]; }));
    var tanggal = el("input", { type: "date", value: hariIni(), max: hariIni() });
    var topik = el("select");
    var anak = el("div");
    s.appendChild(label("Posyandu", pilihKelompok));
    s.appendChild(label("Tanggal", tanggal));
    s.appendChild(label("Topik", topik));
    s.appendChild(anak);
    var simpan = el("button", { type: "button", teks: "Simpan sesi ke antrean" });
    s.appendChild(simpan);
    function isi() {
      var g = daftar.find(function (x) { return String(x.id) === pilihKelompok.value; });
      kosongkan(topik);
      g.topik.forEach(function (t) { topik.appendChild(el("option", { value: String(t[0]), teks: t[1] })); });
      kosongkan(anak);
      g.anggota.filter(function (m) { return m.lahir && m.jk; }).forEach(function (m) {
        var berat = el("input", { type: "text", inputMode: "decimal", "aria-label": "Berat (kg) " + m.nama });
        var tinggi = el("input", { type: "text", inputMode: "decimal", "aria-label": "Panjang/tinggi (cm) " + m.nama });
        var cara = pilihan([["telentang", "Telentang"], ["berdiri", "Berdiri"]]);
        cara.setAttribute("aria-label", "Cara ukur " + m.nama);
        var hasil = el("p", { class: "hasil-z" });
        var kartu = el("div", { class: "kartu-luring", "data-anak": m.nama }, [
          el("h3", { teks: m.nama }),
          el("p", { teks: (m.jk === "L" ? "Laki-laki" : "Perempuan") + ", lahir " + tglTampil(m.lahir) }),
          el("div", { class: "ukur" }, [label("Berat (kg)", berat), label("PB/TB (cm)", tinggi), label("Cara ukur", cara)]),
          hasil
        ]);
        function hitung() {
          kosongkan(hasil);
          var b = parseFloat(berat.value.replace(",", "."));
          var t = parseFloat(tinggi.value.replace(",", "."));
          var hari = A.umurHari(m.lahir, tanggal.value || hariIni());
          cara.value = cara.dataset.dipilih || (hari < 731 ? "telentang" : "berdiri");
          if (!A.siap() || (isNaN(b) && isNaN(t))) return;
          var z = A.hitungZscore(m.jk, hari, isNaN(b) ? null : b, isNaN(t) ? null : t, cara.value);
          var bagian = [
            ["BB/U", z.bb_u, A.statusBbU(z.bb_u), z.bb_u_tidak_wajar],
            ["TB/U", z.tb_u, A.statusTbU(z.tb_u), z.tb_u_tidak_wajar],
            ["BB/TB", z.bb_tb, A.statusBbTb(z.bb_tb), z.bb_tb_tidak_wajar]
          ];
          bagian.forEach(function (x) {
            if (x[1] === null) return;
            hasil.appendChild(el("span", { class: x[3] ? "ukur-ulang" : "", teks: x[0] + " " + koma(x[1]) + " " + (x[3] ? "(tidak wajar — ukur ulang)" : x[2]) + ". " }));
          });
        }
        cara.addEventListener("change", function () { cara.dataset.dipilih = cara.value; hitung(); });
        [berat, tinggi].forEach(function (i) { i.addEventListener("input", hitung); });
        tanggal.addEventListener("change", hitung);
        kartu._baris = function () {
          var b = berat.value.trim();
          if (!b) return null;
          return { keanggotaan: m.id, nama: m.nama, berat: b.replace(",", "."), tinggi: tinggi.value.trim().replace(",", ".") || null, cara_ukur: tinggi.value.trim() ? cara.value : "" };
        };
        anak.appendChild(kartu);
        hitung();
      });
    }
    pilihKelompok.addEventListener("change", isi);
    isi();
    simpan.addEventListener("click", function () {
      var baris = Array.prototype.map.call(anak.children, function (k) { return k._baris(); }).filter(Boolean);
      if (!baris.length) { pesan("Isi berat minimal satu anak."); return; }
      var g = daftar.find(function (x) { return String(x.id) === pilihKelompok.value; });
      antrekan("posyandu", { kelompok: g.id, tanggal: tanggal.value, topik: topik.value, baris: baris },
        "sesi " + g.nama + " " + tglTampil(tanggal.value) + ", " + baris.length + " anak").then(gambarPosyandu);
    });
  }

  function gambarPertemuan() {
    var s = kosongkan(layar("pertemuan"));
    s.appendChild(el("h2", { teks: "Pertemuan kelompok" }));
    if (!salinan) return belumAda(s);
    var daftar = kelompokSaja(false);
    if (!daftar.length) { s.appendChild(el("p", { teks: "Anda belum menjadi kader kelompok mana pun." })); return; }
    var pilihKelompok = pilihan(daftar.map(function (g) { return [g.id, g.jenis_label + " " + g.nama]; }));
    var tanggal = el("input", { type: "date", value: hariIni(), max: hariIni() });
    var topik = el("select");
    var hadir = el("fieldset");
    s.appendChild(label("Kelompok", pilihKelompok));
    s.appendChild(label("Tanggal", tanggal));
    s.appendChild(label("Topik", topik));
    s.appendChild(hadir);
    var simpan = el("button", { type: "button", teks: "Simpan pertemuan ke antrean" });
    s.appendChild(simpan);
    function isi() {
      var g = daftar.find(function (x) { return String(x.id) === pilihKelompok.value; });
      kosongkan(topik);
      g.topik.forEach(function (t) { topik.appendChild(el("option", { value: String(t[0]), teks: t[1] })); });
      kosongkan(hadir);
      hadir.appendChild(el("legend", { teks: "Yang hadir" }));
      g.anggota.forEach(function (m) {
        hadir.appendChild(el("label", {}, [el("input", { type: "checkbox", value: String(m.id) }), " " + m.nama]));
      });
    }
    pilihKelompok.addEventListener("change", isi);
    isi();
    simpan.addEventListener("click", function () {
      var g = daftar.find(function (x) { return String(x.id) === pilihKelompok.value; });
      var ids = Array.prototype.filter.call(hadir.querySelectorAll("input:checked"), Boolean).map(function (i) { return +i.value; });
      antrekan("pertemuan", { kelompok: g.id, tanggal: tanggal.value, topik: topik.value, hadir: ids },
        "pertemuan " + g.jenis_label + " " + g.nama + " " + tglTampil(tanggal.value) + ", " + ids.length + " hadir").then(gambarPertemuan);
    });
  }

  function orang() {
    var peta = {};
    salinan.keluarga.forEach(function (k) { k.anggota.forEach(function (a) { peta[a.id] = { a: a, k: k }; }); });
    return peta;
  }

  function gambarKb() {
    var s = kosongkan(layar("kb"));
    s.appendChild(el("h2", { teks: "Kunjungan KB" }));
    if (!salinan) return belumAda(s);
    var peta = orang();
    var daftar = salinan.daftar_hari_ini.kunjungan_kb;
    if (!daftar.length) { s.appendChild(el("p", { teks: "Tidak ada PUS di wilayah Anda." })); return; }
    var kodeKb = [["", "— pilih —"]].concat(salinan.pilihan.metode, salinan.pilihan.alasan);
    daftar.forEach(function (id) {
      var o = peta[id];
      if (!o) return;
      var pilih = pilihan(kodeKb);
      pilih.setAttribute("aria-label", "Status KB " + o.a.nama);
      var tgl = el("input", { type: "date", value: hariIni(), max: hariIni(), "aria-label": "Tanggal " + o.a.nama });
      var baru = el("input", { type: "checkbox" });
      var tombol = el("button", { type: "button", teks: "Simpan kunjungan" });
      var sk = o.a.status_kb;
      s.appendChild(el("div", { class: "kartu-luring", "data-ibu": o.a.nama }, [
        el("h3", { teks: o.a.nama }),
        el("p", { teks: o.a.umur + " th · " + o.k.rt + " · status KB: " + (sk ? sk.label + " sejak " + tglTampil(sk.mulai) : "belum tercatat") + (o.a.hamil ? " · sedang hamil" : "") }),
        label("Status KB sekarang", pilih), label("Sejak", tgl), el("label", {}, [baru, " Peserta KB baru"]), tombol
      ]));
      tombol.addEventListener("click", function () {
        if (!pilih.value) { pesan("Pilih status KB " + o.a.nama + "."); return; }
        antrekan("kunjungan_kb", { anggota: o.a.id, kode: pilih.value, mulai: tgl.value, baru: baru.checked, status_id: sk ? sk.id : null },
          "kunjungan KB " + o.a.nama + ": " + pilih.options[pilih.selectedIndex].text);
        tombol.disabled = true;
        tombol.textContent = "Tersimpan di antrean";
      });
    });
  }

  function gambarHamil() {
    var s = kosongkan(layar("hamil"));
    s.appendChild(el("h2", { teks: "Kehamilan atau kelahiran" }));
    if (!salinan) return belumAda(s);
    var peta = orang();
    var ibu = pilihan(salinan.daftar_hari_ini.kunjungan_kb.filter(function (id) { return peta[id]; }).map(function (id) {
      return [id, peta[id].a.nama + " (" + peta[id].k.rt + ")"];
    }), "— pilih ibu —");
    var jenis = pilihan([["kehamilan", "Kehamilan baru"], ["kelahiran", "Kelahiran"]]);
    var hpht = el("input", { type: "date", max: hariIni() });
    var lahir = el("input", { type: "date", value: hariIni(), max: hariIni() });
    var nama = el("input", { type: "text" });
    var jk = pilihan([["L", "Laki-laki"], ["P", "Perempuan"]], "— pilih —");
    var bagHamil = el("div", {}, [label("HPHT", hpht)]);
    var bagLahir = el("div", { hidden: true }, [label("Tanggal lahir", lahir), label("Nama bayi", nama), label("Jenis kelamin", jk)]);
    var tombol = el("button", { type: "button", teks: "Simpan ke antrean" });
    [label("Ibu", ibu), label("Yang dilaporkan", jenis), bagHamil, bagLahir, tombol].forEach(function (x) { s.appendChild(x); });
    jenis.addEventListener("change", function () { bagHamil.hidden = jenis.value !== "kehamilan"; bagLahir.hidden = jenis.value !== "kelahiran"; });
    tombol.addEventListener("click", function () {
      var o = peta[ibu.value];
      if (!o) { pesan("Pilih ibu."); return; }
      if (jenis.value === "kehamilan") {
        antrekan("kehamilan", { ibu: o.a.id, hpht: hpht.value || null, jejak: o.a.jejak }, "kehamilan " + o.a.nama).then(gambarHamil);
      } else {
        if (!nama.value.trim() || !jk.value) { pesan("Isi nama dan jenis kelamin bayi."); return; }
        antrekan("kelahiran", { ibu: o.a.id, tanggal: lahir.value, nama: nama.value.trim(), jk: jk.value, jejak: o.a.jejak },
          "kelahiran anak " + o.a.nama).then(gambarHamil);
      }
    });
  }

  function gambarKeluarga() {
    var s = kosongkan(layar("keluarga"));
    s.appendChild(el("h2", { teks: "Kondisi rumah keluarga" }));
    if (!salinan) return belumAda(s);
    var p = salinan.pilihan;
    salinan.keluarga.filter(function (k) { return k.tulis; }).forEach(function (k) {
      var kepala = k.anggota[0] ? k.anggota[0].nama : "";
      var isian = {};
      var kartu = el("div", { class: "kartu-luring", "data-keluarga": kepala }, [
        el("h3", { teks: kepala + " · " + k.rt + (k.rumah ? " no. " + k.rumah : "") }),
        el("p", { teks: "No KK " + k.no_kk })
      ]);
      Object.keys(p.kondisi).forEach(function (n) {
        var pilih = pilihan(p.kondisi[n]);
        pilih.value = k.kondisi[n] || "";
        pilih.setAttribute("aria-label", p.label_kondisi[n] + " " + kepala);
        isian[n] = pilih;
        kartu.appendChild(label(p.label_kondisi[n], pilih));
      });
      var tombol = el("button", { type: "button", teks: "Simpan perubahan" });
      kartu.appendChild(tombol);
      tombol.addEventListener("click", function () {
        var ubah = {};
        Object.keys(isian).forEach(function (n) { if (isian[n].value !== (k.kondisi[n] || "")) ubah[n] = isian[n].value; });
        if (!Object.keys(ubah).length) { pesan("Belum ada yang diubah."); return; }
        antrekan("keluarga", { keluarga: k.id, versi: k.versi, ubah: ubah }, "kondisi rumah keluarga " + kepala);
        tombol.disabled = true;
        tombol.textContent = "Tersimpan di antrean";
      });
      s.appendChild(kartu);
    });
  }

  async function gambarAntrean() {
    var s = kosongkan(layar("antrean"));
    s.appendChild(el("h2", { teks: "Antrean kiriman" }));
    var daftar = await RD.antrean();
    if (!daftar.length) { s.appendChild(el("p", { teks: "Semua catatan sudah terkirim." })); return; }
    daftar.forEach(function (rec) {
      var kelas = "kartu-luring" + (rec.status === "konflik" ? " konflik" : rec.status === "ditolak" ? " ditolak" : "");
      var kartu = el("div", { class: kelas, "data-catatan": rec.jenis }, [
        el("h3", { teks: rec.ringkas }),
        el("p", { teks: rec.status === "menunggu" ? "Menunggu dikirim." : rec.status === "konflik" ? "Perlu keputusan Anda: data di server berubah sejak salinan diunduh." : "Ditolak server:" })
      ]);
      (rec.pesan || []).forEach(function (p) { kartu.appendChild(el("p", { teks: p })); });
      (rec.alasan || []).forEach(function (a) {
        var p = el("p", { teks: a.nama + ": " + a.alasan + "." });
        if (rec.jenis === "posyandu" && a.keanggotaan) {
          var lewati = el("button", { type: "button", teks: "Lewati " + a.nama });
          lewati.addEventListener("click", function () {
            rec.data.lewati = (rec.data.lewati || []).concat([a.keanggotaan]);
            rec.alasan = rec.alasan.filter(function (x) { return x !== a; });
            if (!rec.alasan.length) rec.status = "menunggu";
            RD.taruh("antrean", rec).then(gambarAntrean).then(kirimSemua);
          });
          p.appendChild(document.createTextNode(" "));
          p.appendChild(lewati);
        }
        kartu.appendChild(p);
      });
      var baris = el("p", { class: "tombol-baris" });
      if (rec.status === "konflik") {
        var tetap = el("button", { type: "button", teks: "Simpan tetap" });
        tetap.addEventListener("click", function () {
          rec.status = "menunggu"; rec.paksa = true; rec.alasan = [];
          RD.taruh("antrean", rec).then(gambarAntrean).then(kirimSemua);
        });
        baris.appendChild(tetap);
      }
      if (rec.status !== "menunggu") {
        var hapus = el("button", { type: "button", teks: "Hapus dari ponsel" });
        hapus.addEventListener("click", function () {
          if (!window.confirm("Hapus catatan ini dari ponsel? Catatan ini tidak akan dikirim.")) return;
          RD.hapus("antrean", rec.uuid).then(RD.tampilkanJumlah).then(gambarAntrean);
        });
        baris.appendChild(hapus);
      }
      kartu.appendChild(baris);
      s.appendChild(kartu);
    });
  }

  function gambarSemua() { gambarPosyandu(); gambarPertemuan(); gambarKb(); gambarHamil(); gambarKeluarga(); gambarAntrean(); }

  function buka(nama) {
    akar.querySelectorAll("[data-layar]").forEach(function (s) { s.hidden = s.dataset.layar !== nama; });
    akar.querySelectorAll("[data-buka]").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.buka === nama)); });
  }

  // --- start -----------------------------------------------------------------------------------
  async function mulai() {
    tampilSinyal();
    window.addEventListener("online", function () { tampilSinyal(); kirimSemua(); });
    window.addEventListener("offline", tampilSinyal);
    akar.querySelectorAll("[data-buka]").forEach(function (b) { b.addEventListener("click", function () { buka(b.dataset.buka); }); });
    akar.querySelector('[data-aksi="unduh"]').addEventListener("click", unduh);
    akar.querySelector('[data-aksi="kirim"]').addEventListener("click", kirimSemua);
    if (!aktif) {
      akar.querySelectorAll("section, nav").forEach(function (x) { x.hidden = true; });
      akar.dataset.siap = "1";
      return;
    }
    if ("serviceWorker" in navigator) navigator.serviceWorker.register(akar.dataset.sw, { scope: "/" });
    await A.muat(akar.dataset.lms).catch(function () { return null; });
    if (await RD.buangSalinanLama()) pesan("Salinan lama (lebih dari 7 hari tanpa masuk) sudah dihapus.");
    salinan = (await RD.ambil("salinan", "data")) || null;
    tampilSalinan();
    gambarSemua();
    buka("posyandu");
    await RD.tampilkanJumlah();
    if (navigator.onLine) {
      await kirimSemua();
      await unduh();
    }
    akar.dataset.siap = "1";
  }
  mulai();
})();
