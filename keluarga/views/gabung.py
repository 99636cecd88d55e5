"""Merge two records of one person, and its undo (issue 19; ROLES.md "Merge two people")."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from keluarga import akses, gabung
from keluarga.akses import K
from keluarga.models import Anggota, Keluarga, Penggabungan


def _tampil(obj: Anggota, nama: str, nik_penuh: bool) -> str:
    f = Anggota._meta.get_field(nama)
    if nama == "nik":
        return (obj.nik if nik_penuh else akses.samarkan(obj.nik)) or "—"
    if f.is_relation:
        lain = getattr(obj, nama)
        return str(lain) if lain is not None else "—"
    if f.choices:
        return getattr(obj, f"get_{nama}_display")() or "—"
    nilai = getattr(obj, nama)
    if hasattr(nilai, "strftime"):
        return nilai.strftime("%d-%m-%Y")
    return "—" if nilai in (None, "") else str(nilai)


class GabungForm(forms.Form):
    """One radio per differing field (A's or B's value), one per collision (no default)."""

    def __init__(self, *args, a, b, bentrok, keluarga, nik_penuh, **kw):
        super().__init__(*args, **kw)
        self.baris_field = []
        for nama in gabung.beda_field(a, b):
            label = Anggota._meta.get_field(nama).verbose_name
            self.fields[nama] = forms.ChoiceField(
                label=label,
                choices=[
                    ("a", _tampil(a, nama, nik_penuh)),
                    ("b", _tampil(b, nama, nik_penuh)),
                ],
                initial="a",
                required=False,  # unanswered: A's value
                widget=forms.RadioSelect,
            )
            self.baris_field.append(nama)
        for x in bentrok:
            self.fields[f"bentrok_{x.jenis}"] = forms.ChoiceField(
                label=x.judul,
                choices=[
                    ("a", "; ".join(str(r) for r in x.baris_a) or "—"),
                    ("b", "; ".join(str(r) for r in x.baris_b) or "—"),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Pilih data siapa yang dipakai.")},
            )
        for k in keluarga:
            self.fields[f"versi_{k.pk}"] = forms.IntegerField(
                initial=k.versi, widget=forms.HiddenInput
            )

    def pilihan(self) -> dict:
        d = self.cleaned_data
        hasil = {n: d[n] or "a" for n in self.baris_field}
        hasil.update(
            {k.removeprefix("bentrok_"): v for k, v in d.items() if k.startswith("bentrok_")}
        )
        return hasil

    def versi(self) -> dict:
        return {
            int(k.removeprefix("versi_")): v
            for k, v in self.cleaned_data.items()
            if k.startswith("versi_")
        }


def gabungkan(request, pk_a: int, pk_b: int):
    akses.wajib(request.user, K.GABUNG_ORANG)
    qs = akses.anggota_qs(request.user, tulis=True)
    a, b = akses.ambil(qs, pk=pk_a), akses.ambil(qs, pk=pk_b)
    if a.pk == b.pk:
        raise Http404(_("Pilih dua orang yang berbeda."))
    nik_penuh = akses.boleh_nik_penuh(request.user)
    keluarga = list(Keluarga.objects.filter(pk__in={a.keluarga_id, b.keluarga_id}).order_by("pk"))
    bentrok = gabung.cari_bentrok(a, b)
    form = GabungForm(
        request.POST or None, a=a, b=b, bentrok=bentrok, keluarga=keluarga, nik_penuh=nik_penuh
    )
    if request.method == "POST" and form.is_valid():
        try:
            catatan = gabung.gabungkan(
                penyintas=a,
                digabung=b,
                pilihan=form.pilihan(),
                versi=form.versi(),
                oleh=request.user,
            )
        except gabung.GagalGabung as e:
            for m in e.messages:
                form.add_error(None, m)
        else:
            messages.success(
                request,
                _("%(b)s digabung ke %(a)s. Bisa dibatalkan dalam %(n)s hari.")
                % {"a": a.nama, "b": b.nama, "n": gabung.BATAS_HARI_BATAL},
            )
            return redirect("keluarga:gabung_detail", pk=catatan.pk)
    if nik_penuh:
        akses.catat_akses(
            request.user,
            "nik_penuh",
            _("Gabung anggota id %(a)s dan %(b)s") % {"a": a.pk, "b": b.pk},
            request.path,
        )
    return render(
        request,
        "keluarga/gabung.html",
        {
            "a": a,
            "b": b,
            "form": form,
            "bentrok": bentrok,
            "riwayat": [
                (
                    x,
                    list(x.status_kb_set.all()),
                    list(x.kehamilan_set.all()),
                    list(x.peristiwa_set.all()),
                )
                for x in (a, b)
            ],
        },
    )


def _penggabungan_untuk(user, pk: int) -> Penggabungan:
    akses.wajib(user, K.GABUNG_ORANG)
    p = akses.ambil(Penggabungan.objects.select_related("penyintas", "digabung", "oleh"), pk=pk)
    # Both people in the user's (write) scope, as they are now or were merged.
    kel = set(akses.keluarga_qs(user, tulis=True).values_list("pk", flat=True))
    if p.penyintas.keluarga_id not in kel or p.digabung.keluarga_id not in kel:
        raise Http404(_("Data tidak ditemukan atau di luar wilayah Anda."))
    return p


def detail(request, pk: int):
    p = _penggabungan_untuk(request.user, pk)
    nama = {f.name: f.verbose_name for f in Anggota._meta.fields}
    return render(
        request,
        "keluarga/gabung_detail.html",
        {
            "p": p,
            "alasan_tidak_batal": gabung.bisa_dibatalkan(p, timezone.now()),
            "pilihan": [(nama.get(k, k), v.upper()) for k, v in p.pilihan.items()],
            "jumlah_pindah": len(p.pindahan),
        },
    )


@require_POST
def batalkan(request, pk: int):
    p = _penggabungan_untuk(request.user, pk)
    try:
        gabung.batalkan(penggabungan=p, oleh=request.user)
    except gabung.GagalGabung as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Penggabungan dibatalkan: kedua data kembali seperti semula."))
    return redirect("keluarga:gabung_detail", pk=p.pk)
