from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('visits', '0002_booking_constraints')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('to_email', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=500)),
                ('body', fields.TextField(unique=False)),
                ('ics', fields.TextField(default='', unique=False)),
                ('ics_method', fields.CharField(default='', max_length=16)),
                ('stop_id', fields.IntField(null=True)),
                ('visit_id', fields.IntField(null=True, db_index=True)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'outbox_message', 'app': 'visits', 'pk_attr': 'id', 'table_description': 'An e-mail to send. Written in the same transaction as the change it reports, so a'},
            bases=['Model'],
        ),
    ]
