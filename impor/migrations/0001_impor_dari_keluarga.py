# The import record Impor moves from keluarga (issue 14): same table keluarga_impor and rows
# (state only), and its content type is renamed so its permissions and admin log entries follow.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _ganti_app(apps, dari, ke):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    lama = ContentType.objects.filter(app_label=dari, model='impor').first()
    if lama is None:
        return  # a fresh database: post_migrate creates impor.impor afterwards
    # A content type the new label may already have (created by post_migrate, unused) gives way.
    ContentType.objects.filter(app_label=ke, model='impor').exclude(pk=lama.pk).delete()
    lama.app_label = ke
    lama.save(update_fields=['app_label'])


def pindahkan_jenis_isi(apps, schema_editor):
    _ganti_app(apps, 'keluarga', 'impor')


def kembalikan_jenis_isi(apps, schema_editor):
    _ganti_app(apps, 'impor', 'keluarga')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('keluarga', '0011_impor_pindah_ke_app_impor'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.CreateModel(
            name='Impor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kode_desa', models.CharField(blank=True, max_length=10, verbose_name='kode desa')),
                ('antarmuka', models.CharField(choices=[('web', 'Peramban'), ('cli', 'Baris perintah')], default='web', max_length=3)),
                ('waktu', models.DateTimeField(auto_now_add=True, verbose_name='waktu')),
                ('selesai', models.DateTimeField(blank=True, null=True, verbose_name='selesai')),
                ('tanggal_impor', models.DateField(help_text='Tanggal status KB, kehamilan dan peristiwa dari impor.', verbose_name='tanggal impor')),
                ('nama_berkas', models.CharField(max_length=255, verbose_name='nama berkas')),
                ('sha256', models.CharField(blank=True, max_length=64)),
                ('format', models.CharField(blank=True, choices=[('rumahdataku', 'Rumah Dataku (templat/ekspor)'), ('opensid', 'OpenSID (data penduduk)')], max_length=12, verbose_name='format')),
                ('status', models.CharField(choices=[('uji', 'Uji coba (tidak disimpan)'), ('tersimpan', 'Tersimpan'), ('gagal', 'Gagal (tidak ada yang disimpan)')], max_length=10, verbose_name='status')),
                ('jumlah_baris', models.PositiveIntegerField(default=0, verbose_name='baris data')),
                ('baris_kosong', models.PositiveIntegerField(default=0, verbose_name='baris kosong dilewati')),
                ('baru', models.PositiveIntegerField(default=0, verbose_name='baru')),
                ('diubah', models.PositiveIntegerField(default=0, verbose_name='diubah')),
                ('tetap', models.PositiveIntegerField(default=0, verbose_name='tidak berubah')),
                ('peringatan', models.PositiveIntegerField(default=0, verbose_name='peringatan')),
                ('galat', models.PositiveIntegerField(default=0, verbose_name='kesalahan')),
                ('rincian', models.JSONField(blank=True, default=dict)),
                ('masalah', models.JSONField(blank=True, default=list)),
                ('berkas', models.CharField(blank=True, max_length=200)),
                ('sidik', models.CharField(blank=True, max_length=64)),
                ('pesan', models.TextField(blank=True, verbose_name='pesan')),
                ('desa', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='impor_set', to='keluarga.desa')),
                ('oleh', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='oleh')),
            ],
            options={
                'verbose_name': 'impor data',
                'verbose_name_plural': 'impor data',
                'db_table': 'keluarga_impor',
                'ordering': ['-waktu', '-id'],
                'indexes': [models.Index(fields=['desa', '-waktu'], name='impor_desa_waktu_idx')],
            },
        )],
        ),
        migrations.RunPython(pindahkan_jenis_isi, kembalikan_jenis_isi),
    ]
