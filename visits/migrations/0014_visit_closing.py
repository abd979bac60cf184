from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0013_facility_quota')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Visit',
            name='closed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Visit',
            name='closing_notes',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Stop',
            name='attendance',
            field=fields.IntField(null=True),
        ),
        ops.CreateModel(
            name='Gift',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('visit', fields.ForeignKeyField('visits.Visit', source_field='visit_id', db_constraint=True, to_field='id', related_name='gifts', on_delete=OnDelete.RESTRICT)),
                ('direction', fields.CharField(max_length=8)),
                ('description', fields.CharField(max_length=500)),
                ('giver', fields.CharField(max_length=200)),
                ('recipient', fields.CharField(max_length=200)),
                ('value_krw', fields.BigIntField(null=True)),
                ('day', fields.DateField(db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'gift', 'app': 'visits', 'indexes': [Index(fields=['visit_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A gift received from or given to a delegation (the gifts register, SPEC §7.6).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SurveyAnswer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('visit', fields.ForeignKeyField('visits.Visit', source_field='visit_id', db_constraint=True, to_field='id', related_name='survey_answers', on_delete=OnDelete.CASCADE)),
                ('share_link', fields.ForeignKeyField('visits.ShareLink', source_field='share_link_id', db_constraint=True, to_field='id', related_name='survey_answers', on_delete=OnDelete.CASCADE)),
                ('device_hash', fields.CharField(max_length=64)),
                ('overall', fields.IntField()),
                ('useful_stop', fields.ForeignKeyField('visits.Stop', source_field='useful_stop_id', null=True, db_constraint=True, to_field='id', related_name='survey_answers', on_delete=OnDelete.SET_NULL)),
                ('comment', fields.TextField(default='', unique=False)),
                ('language', fields.CharField(default='en', max_length=35)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'survey_answer', 'app': 'visits', 'unique_together': (('share_link', 'device_hash'),), 'indexes': [Index(fields=['visit_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A visitor\'s answer to the survey after the visit: one per share link and device'},
            bases=['Model'],
        ),
    ]
