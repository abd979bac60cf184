"""Covering indexes for a year's figures (issue 15, SPEC §7.6 and §7.9): the visits that
touch a year read from `stop(start, visit_id)` alone, and their first stops grouped from
`stop(visit_id, status, start)` alone, without a row lookup per stop."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('visits', '0017_list_speed')]

    initial = False

    operations = [
        ops.AddIndex(model_name='Stop', index=Index(fields=['start', 'visit_id'])),
        ops.AddIndex(model_name='Stop', index=Index(fields=['visit_id', 'status', 'start'])),
    ]
