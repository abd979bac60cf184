from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0008_visit_requests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='VisitVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('visit', fields.ForeignKeyField('visits.Visit', source_field='visit_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('published_by', fields.ForeignKeyField('visits.User', source_field='published_by_id', null=True, db_constraint=True, to_field='id', related_name='published_versions', on_delete=OnDelete.SET_NULL)),
                ('snapshot', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('changes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'visit_version', 'app': 'visits', 'unique_together': (('visit', 'number'),), 'pk_attr': 'id', 'table_description': 'A published version of a visit: what its visitors see (the share link, its PDF and'},
            bases=['Model'],
        ),
    ]
