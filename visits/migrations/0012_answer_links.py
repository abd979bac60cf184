"""Hosts answer from anywhere (SPEC §7.5): when a stop was asked for, a counter-proposal's
time and reason, the `countered` status in PostgreSQL's check on stops, and the reminders
table whose unique key makes each reminder mail go once across app processes."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

STATUSES_BEFORE = "'requested', 'accepted', 'declined', 'cancelled'"
STATUSES_AFTER = "'requested', 'accepted', 'declined', 'countered', 'cancelled'"


def _stop_check(statuses: str) -> list[str]:
    return [
        "ALTER TABLE stop DROP CONSTRAINT IF EXISTS stop_sane",
        f"""ALTER TABLE stop ADD CONSTRAINT stop_sane CHECK (
               "end" > start AND occupied_until >= "end" AND party_size > 0
               AND status IN ({statuses}))""",
    ]


def _on_postgres(statements):
    async def run(apps, schema_editor):
        if schema_editor.client.capabilities.dialect != "postgres":
            return
        for sql in statements:
            await schema_editor.client.execute_script(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [('visits', '0011_companions')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Stop',
            name='requested_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Stop',
            name='counter_start',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Stop',
            name='counter_reason',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.CreateModel(
            name='AnswerReminder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('stop', fields.ForeignKeyField('visits.Stop', source_field='stop_id', db_constraint=True, to_field='id', related_name='reminders', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('basis', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'answer_reminder', 'app': 'visits', 'unique_together': (('stop', 'kind', 'basis'),), 'pk_attr': 'id', 'table_description': 'A reminder (or escalation) mail about one stop, claimed by inserting this row: the'},
            bases=['Model'],
        ),
        ops.RunPython(_on_postgres(_stop_check(STATUSES_AFTER)),
                      _on_postgres(_stop_check(STATUSES_BEFORE))),
    ]
