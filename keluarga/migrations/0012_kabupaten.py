"""The Kabupaten role (issue 15): its auth group and the scope's kabupaten code; the kecamatan
code gets the validator its help text always promised."""

import django.core.validators
from django.db import migrations, models

PERAN = "Kabupaten"


def buat_peran(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=PERAN)


def hapus_peran(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PERAN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("keluarga", "0011_impor_pindah_ke_app_impor"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="lingkup",
            name="kabupaten_kode",
            field=models.CharField(
                blank=True,
                help_text="4 angka Kemendagri (provinsi 2, kabupaten/kota 2).",
                max_length=4,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}$",
                        "Kode kabupaten/kota Kemendagri harus 4 angka (prov 2, kab 2).",
                    )
                ],
                verbose_name="kode kabupaten/kota",
            ),
        ),
        migrations.AlterField(
            model_name="lingkup",
            name="kecamatan_kode",
            field=models.CharField(
                blank=True,
                help_text="6 angka Kemendagri.",
                max_length=6,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{6}$",
                        "Kode kecamatan Kemendagri harus 6 angka (prov 2, kab 2, kec 2).",
                    )
                ],
                verbose_name="kode kecamatan",
            ),
        ),
        migrations.RunPython(buat_peran, hapus_peran),
    ]
