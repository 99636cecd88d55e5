"""Create the six roles of ROLES.md as auth groups (capabilities live in keluarga.akses)."""

from django.db import migrations

PERAN = ["Admin desa", "Operator", "Kader", "Penyuluh KB", "Kepala Desa", "Kecamatan"]


def buat_peran(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for nama in PERAN:
        Group.objects.get_or_create(name=nama)


def hapus_peran(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERAN).delete()


class Migration(migrations.Migration):
    dependencies = [("keluarga", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(buat_peran, hapus_peran)]
