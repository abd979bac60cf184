from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0009_visit_versions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProgrammeItem',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('visit', fields.ForeignKeyField('visits.Visit', source_field='visit_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('title', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('place', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('address', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('lat', fields.FloatField(null=True)),
                ('lon', fields.FloatField(null=True)),
                ('notes', fields.TextField(default='', unique=False)),
                ('sequence', fields.IntField(default=0)),
            ],
            options={'table': 'programme_item', 'app': 'visits', 'indexes': [Index(fields=['visit_id', 'start'])], 'pk_attr': 'id', 'table_description': "A part of a visit's programme without a host (SPEC §7.4): arrival, a meal, the bus."},
            bases=['Timestamped'],
        ),
    ]
