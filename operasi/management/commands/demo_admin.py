"""Create the demo accounts (one per role) for the demo village and print how to log in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from keluarga.akses import Peran
from keluarga.models import Desa, Lingkup

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
            else:
                lingkup.desa.set([desa])
            if peran == Peran.KADER:
                lingkup.dusun.set(desa.dusun_set.all()[:1])
        self.stdout.write(
            "\nMasuk di http://127.0.0.1:8000/ dengan salah satu akun demo "
            f"(kata sandi semua: {SANDI}): "
            + ", ".join(f"{u} ({p.value})" for u, p in akun.items())
        )
