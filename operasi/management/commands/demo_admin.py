"""Create the demo accounts (one per role) for the demo village and print how to log in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db.models import Q

from keluarga.akses import Peran
from keluarga.models import Desa, Lingkup
from poktan.kode import JenisKelompok
from poktan.models import Kelompok

SANDI = "demo-rumahdataku"  # noqa: S105 - demo accounts on the demo data only


class Command(BaseCommand):
    help = "Buat akun demo (satu per peran) untuk desa demo pertama."

    def handle(self, *args, **opts):
        desa = Desa.objects.order_by("kode").first()
        if desa is None:
            self.stderr.write("Belum ada desa; jalankan seed_demo dulu.")
            return
        User = get_user_model()
        akun = {
            "admin": Peran.ADMIN_DESA,
            "operator": Peran.OPERATOR,
            "kader": Peran.KADER,
            "penyuluh": Peran.PENYULUH,
            "kades": Peran.KEPALA_DESA,
            "camat": Peran.KECAMATAN,
            "kabupaten": Peran.KABUPATEN,
        }
        for username, peran in akun.items():
            user, dibuat = User.objects.get_or_create(username=username)
            if dibuat:
                user.set_password(SANDI)
                user.save()
            user.groups.set([Group.objects.get(name=peran.value)])
            lingkup, _c = Lingkup.objects.get_or_create(user=user)
            if peran == Peran.KECAMATAN:
                lingkup.kecamatan_kode = desa.kecamatan_kode
                lingkup.save()
            elif peran == Peran.KABUPATEN:
                # The district office over the demo's kabupaten (every demo desa shares it).
                lingkup.kabupaten_kode = desa.kode[:4]
                lingkup.save()
            else:
                lingkup.desa.set([desa])
            if peran == Peran.KADER:
                dusun = list(desa.dusun_set.order_by("pk")[:1])
                lingkup.dusun.set(dusun)
                jadikan_kader_kelompok(user, desa, dusun)
        self.stdout.write(
            "\nMasuk di http://127.0.0.1:8000/ dengan salah satu akun demo "
            f"(kata sandi semua: {SANDI}): "
            + ", ".join(f"{u} ({p.value})" for u, p in akun.items())
        )


def jadikan_kader_kelompok(user, desa: Desa, dusun: list) -> list[Kelompok]:
    """The demo kader is kader of a posyandu and a BKB serving their dusun (issue 20: the
    posyandu session, the kader's main task, can be tried); a group of the whole desa serves
    every dusun. Idempotent."""
    kelompok = []
    for jenis in (JenisKelompok.POSYANDU, JenisKelompok.BKB):
        qs = Kelompok.objects.filter(desa=desa, jenis=jenis, aktif=True).order_by("pk")
        k = (
            qs.filter(Q(wilayah_dusun__in=dusun) | Q(wilayah_rw__dusun__in=dusun)).first()
            or qs.filter(wilayah_dusun=None, wilayah_rw=None).first()
        )
        if k is not None:
            k.kader.add(user)
            kelompok.append(k)
    return kelompok
