# The import record moved to its own app `impor` (issue 14): only Django's state forgets it here;
# the table keluarga_impor and its rows stay (impor/0001 takes them over under the same name).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('keluarga', '0010_uuid_luring_dan_log_salinan'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Impor')],
            database_operations=[],
        ),
    ]
