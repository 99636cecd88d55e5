from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("keluarga", "0005_impor")]

    operations = [
        migrations.AddIndex(
            model_name="keluarga",
            index=models.Index(fields=["desa", "no_kk"], name="keluarga_desa_nokk_idx"),
        ),
    ]
