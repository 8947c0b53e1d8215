"""A user's event list as one index range scan in its exact order; the FK's own index goes (the new one covers it).

Not atomic: on PostgreSQL the index is built and the old one dropped CONCURRENTLY, so a deployment keeps signing
people in (every login writes an event) while this runs on a large table.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.db import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('audit', '0003_alter_securityevent_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name='securityevent',
            index=models.Index(fields=['user', '-created_at', '-id'], name='securityevent_user_list'),
        ),
        RemoveIndexConcurrentlyOnPostgres(
            model_name='securityevent',
            name='securityevent_user_recent',
        ),
        migrations.AlterField(
            model_name='securityevent',
            name='user',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='security_events', to=settings.AUTH_USER_MODEL),
        ),
    ]
