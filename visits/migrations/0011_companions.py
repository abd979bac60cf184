from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from importlib import import_module

# PostgreSQL: as stop_host_no_overlap (0002) for hosts, no two live assignments of one
# companion overlap. SQLite serialises assignments by the leading write instead
# (visits.store.lock_companions).
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE companion_assignment ADD CONSTRAINT companion_no_overlap EXCLUDE USING gist (
           companion_id WITH =, tstzrange(start, "end", '[)') WITH &&
       ) WHERE (live)""",
    """ALTER TABLE companion_assignment ADD CONSTRAINT companion_assignment_sane
           CHECK ("end" > start)""",
    """ALTER TABLE companion ADD CONSTRAINT companion_sane CHECK (
           kind IN ('interpreter', 'escort', 'driver', 'vehicle')
           AND (seats IS NULL OR seats > 0))""",
]
POSTGRES_DOWN = [
    "ALTER TABLE companion DROP CONSTRAINT companion_sane",
    "ALTER TABLE companion_assignment DROP CONSTRAINT companion_assignment_sane",
    "ALTER TABLE companion_assignment DROP CONSTRAINT companion_no_overlap",
]
_on_postgres = import_module("visits.migrations.0002_booking_constraints")._on_postgres

class Migration(migrations.Migration):
    dependencies = [('visits', '0010_programme_items')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Companion',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('kind', fields.CharField(max_length=16)),
                ('email', fields.CharField(default='', max_length=254)),
                ('phone', fields.CharField(default='', max_length=64)),
                ('languages', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('seats', fields.IntField(null=True)),
                ('weekly', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('lock_version', fields.IntField(default=0)),
            ],
            options={'table': 'companion', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'Someone (or a vehicle) who goes with a delegation: interpreter, escort, driver, bus.'},
            bases=['Timestamped'],
        ),
        ops.CreateModel(
            name='CompanionAssignment',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('companion', fields.ForeignKeyField('visits.Companion', source_field='companion_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.RESTRICT)),
                ('visit', fields.ForeignKeyField('visits.Visit', source_field='visit_id', db_constraint=True, to_field='id', related_name='companion_assignments', on_delete=OnDelete.CASCADE)),
                ('start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('live', fields.BooleanField(default=True)),
                ('sequence', fields.IntField(default=0)),
            ],
            options={'table': 'companion_assignment', 'app': 'visits', 'indexes': [Index(fields=['companion_id', 'start'])], 'pk_attr': 'id', 'table_description': 'A companion going with a visit from `start` to `end`. `live` is false once removed'},
            bases=['Timestamped'],
        ),
        ops.CreateModel(
            name='CompanionTimeOff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('companion', fields.ForeignKeyField('visits.Companion', source_field='companion_id', db_constraint=True, to_field='id', related_name='time_off', on_delete=OnDelete.CASCADE)),
                ('start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'companion_time_off', 'app': 'visits', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(_on_postgres(POSTGRES_UP), _on_postgres(POSTGRES_DOWN)),
    ]
