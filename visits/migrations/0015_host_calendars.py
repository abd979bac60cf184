from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0014_visit_closing')]

    initial = False

    operations = [
        ops.CreateModel(
            name='HostCalendar',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('host', fields.ForeignKeyField('visits.Host', source_field='host_id', db_constraint=True, to_field='id', related_name='calendars', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('url', fields.CharField(max_length=2000)),
                ('username', fields.CharField(default='', max_length=254)),
                ('password_sealed', fields.TextField(default='', unique=False)),
                ('share_titles', fields.BooleanField(default=False)),
                ('status', fields.CharField(default='pending', max_length=16)),
                ('error_code', fields.CharField(default='', max_length=64)),
                ('last_read', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_attempt', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('parsed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_read_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('version_tag', fields.CharField(default='', max_length=500)),
                ('claimed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'host_calendar', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'A calendar the host keeps elsewhere (an ICS subscription or a CalDAV collection),'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HostBusy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('calendar', fields.ForeignKeyField('visits.HostCalendar', source_field='calendar_id', db_constraint=True, to_field='id', related_name='busy', on_delete=OnDelete.CASCADE)),
                ('host', fields.ForeignKeyField('visits.Host', source_field='host_id', db_constraint=True, to_field='id', related_name='busy_times', on_delete=OnDelete.CASCADE)),
                ('start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('title', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'host_busy', 'app': 'visits', 'pk_attr': 'id', 'table_description': "A busy time read from a host's calendar: counted like time off."},
            bases=['Model'],
        ),
    ]
