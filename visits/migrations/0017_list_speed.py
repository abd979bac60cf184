"""A host's inbox a page at a time (issue 15): their stops in one status, by start. Without
it the inbox walked `stop(status, start)` through every host's requested stops to count
and to find the first page of one host's."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('visits', '0016_history_indexes')]

    initial = False

    operations = [
        ops.AddIndex(model_name='Stop', index=Index(fields=['host_id', 'status', 'start'])),
    ]
