"""The data stamp of a desa: a counter every write that can change its figures bumps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .wilayah import Desa


class CapData(models.Model):
    """One row per desa. `nomor` goes up, in the writing transaction, with every write that can
    change a figure of the desa (keluarga/cap.py: the helper `tandai_berubah` and the database
    triggers on the data tables). Stored month figures (laporan.AngkaBulan) remember the number
    they were computed at: a different number now means they are stale."""

    desa = models.OneToOneField(
        Desa,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,  # the triggers write it; a desa's deletion leaves a harmless row
        related_name="+",
    )
    nomor = models.BigIntegerField(_("nomor cap"), default=0)

    class Meta:
        verbose_name = _("cap data desa")
        verbose_name_plural = _("cap data desa")

    def __str__(self):
        return f"{self.desa_id}: {self.nomor}"
