from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0007_idempotency_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PublicRate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('window_start', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('hits', fields.IntField(default=0)),
            ],
            options={'table': 'public_rate', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'Requests from one client address to one group of public endpoints in the current'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VisitRequest',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('status', fields.CharField(default='new', db_index=True, max_length=20)),
                ('organisation', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('country', fields.CharField(max_length=2)),
                ('city', fields.CharField(max_length=200)),
                ('language', fields.CharField(max_length=35)),
                ('size', fields.IntField()),
                ('contact_name', fields.CharField(max_length=200)),
                ('contact_email', fields.CharField(max_length=254)),
                ('contact_phone', fields.CharField(default='', max_length=32)),
                ('members', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('dates', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('interests', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('interpreter_needed', fields.BooleanField(default=False)),
                ('notes', fields.TextField(default='', unique=False)),
                ('form_language', fields.CharField(default='en', max_length=35)),
                ('decline_reason', fields.TextField(default='', unique=False)),
                ('delegation', fields.ForeignKeyField('visits.Delegation', source_field='delegation_id', null=True, db_constraint=True, to_field='id', related_name='requests', on_delete=OnDelete.SET_NULL)),
                ('visit', fields.ForeignKeyField('visits.Visit', source_field='visit_id', null=True, db_constraint=True, to_field='id', related_name='requests', on_delete=OnDelete.SET_NULL)),
                ('erased_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'visit_request', 'app': 'visits', 'pk_attr': 'id', 'table_description': "A visit asked for by a delegation's contact (SPEC §7.2), before it is a delegation."},
            bases=['Timestamped'],
        ),
        ops.CreateModel(
            name='RequestNote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('visits.VisitRequest', source_field='request_id', db_constraint=True, to_field='id', related_name='request_notes', on_delete=OnDelete.CASCADE)),
                ('author', fields.CharField(max_length=16)),
                ('text', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'request_note', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'A message on a request: the contact\'s "ask for changes", or an officer\'s note.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TrackingLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('visits.VisitRequest', source_field='request_id', db_constraint=True, to_field='id', related_name='tracking_links', on_delete=OnDelete.CASCADE)),
                ('nonce', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tracking_link', 'app': 'visits', 'pk_attr': 'id', 'table_description': "The contact's secret link to follow a request, as ShareLink is the visitor's."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Delegation',
            name='erased_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='access',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='diet',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='family_name',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='given_name',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='languages',
            field=fields.JSONField(default=list, db_default='[]', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='native_name',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='rank',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='DelegationMember',
            name='role',
            field=fields.CharField(default='member', db_default='member', max_length=16),
        ),
        # Rows recorded before roles: the head keeps heading.
        ops.RunSQL("UPDATE delegation_member SET role = 'head' WHERE head"),
    ]
