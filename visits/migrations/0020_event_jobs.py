"""Event plans run as jobs any app process answers for (issue 16.6, SPEC 7.8)."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('visits', '0019_document_store')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EventJob',
            fields=[
                ('id', fields.CharField(primary_key=True, max_length=32, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('visits.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='event_jobs', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='queued', max_length=16)),
                ('request', fields.JSONField()),
                ('time_limit_s', fields.FloatField()),
                ('slot', fields.IntField(null=True, unique=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('best', fields.JSONField(null=True)),
                ('plan', fields.JSONField(null=True)),
                ('error_code', fields.CharField(default='', max_length=64)),
                ('stop_requested', fields.BooleanField(default=False)),
                ('owner', fields.CharField(default='', max_length=64)),
                ('heartbeat_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'event_job', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'An event plan being solved (SPEC 7.8), kept here so every app process answers for'},
            bases=['Model'],
        ),
        ops.AddIndex(model_name='EventJob', index=Index(fields=['status', 'heartbeat_at'])),
    ]
